"""Per-language resources: Snowball stemmers (PyStemmer) and stop words."""

from __future__ import annotations

import functools
import threading

import Stemmer

STEMMER_NAMES = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "hi": "hindi",
    "pt": "portuguese",
}
# Languages whose words the query analyser tries when the query's language is unknown.
LATIN_QUERY_LANGUAGES = ("en", "es", "fr")

_local = threading.local()


def stemmer(language: str) -> Stemmer.Stemmer | None:
    """A Snowball stemmer for ``language`` (one per thread: PyStemmer objects are not shared)."""
    name = STEMMER_NAMES.get(language)
    if name is None:
        return None
    cache: dict[str, Stemmer.Stemmer] = _local.__dict__.setdefault("stemmers", {})
    if name not in cache:
        cache[name] = Stemmer.Stemmer(name, 5000)
    return cache[name]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENGLISH = _words("""
a an and are as at be been but by for from had has have he her his i if in into is it its of on
or our she so such that the their them then there these they this to was we were which who will
with would you your not no can could may might should do does did than those what when where why
how whom whose any all about also being both each few more most other some only own same very
just over under again further once here
""")

_SPANISH = _words("""
a al algo algunas algunos ante antes como con contra cual cuales cuando cuanto cuantos cuantas de
del desde donde durante e el ella ellas ellos en entre era es esa esas ese eso esos esta estas
este esto estos estan estaba fue fueron ha han hasta hay la las le les lo los mas me mi mientras
muy ni no nos o os otra otros para pero poco por porque que quien quienes se sea ser si sido sin
sobre son su sus tambien te tiene todo todos tu un una uno unos y ya
""")

_FRENCH = _words("""
a au aux avec ce ces cet cette cela ceci d dans de des du dont elle elles en est et etre eux il
ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ont ou
par pas pour qu que qui s sa sans se ses si son sont sur t ta te tes toi ton tu un une vos votre
vous y ete quel quelle quels quelles quand comment pourquoi combien lequel laquelle lesquels aussi
""")

_HINDI = _words("""
है हैं था थे थी थीं का की के में से को पर और या यह वह ये वे ने भी तो ही एक इस उस इन उन कि जो लिए
साथ तक हो होता होती होते कर करते करता करती किया किये गया गयी गई गए ना नहीं अपने अपना अपनी बहुत
कुछ कोई सभी जब तब यदि एवं तथा द्वारा क्या कौन कौनसा किस किसे किसने किसको किसका किसकी किसके
कितना कितने कितनी कब कहाँ कहां कैसे क्यों लेकिन इसके उसके इसकी उसकी इसका उसका जिस जिसे जिसने
जिसका जिसकी जिसके
उसे इसे उन्हें इन्हें उनके उनकी उनका इनके इनकी इनका उसने इसने उन्होंने इन्होंने जिन्होंने जिन्हें
जिनके जिनकी जिनका मैं मुझे मेरा मेरी मेरे हम हमें हमारा हमारी हमारे आप आपका आपकी आपके तुम
तुम्हें तुम्हारा उसमें इसमें उनमें इनमें उससे इससे उनसे इनसे उसको इसको उनको इनको उसपर इसपर
वहाँ यहाँ वहां यहां जहाँ जहां वही यही वैसे ऐसे जैसे जैसा ऐसा वैसा किसी किन्हीं कितने
रहा रही रहे हुआ हुई हुए होना होने दिया दी दिए लिया ली लिये ये थीं
""")


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    """Stop words in their folded form (lower case, accents folded for en/es/fr)."""
    if language == "en":
        return _ENGLISH
    if language == "es":
        return _SPANISH
    if language == "fr":
        return _FRENCH
    if language == "hi":
        return _HINDI
    # Thai: none. PyThaiNLP's list (about 1,000 words, many of them content words such as
    # ได้ "get", ทำ "do", ใหม่ "new") cost Thai ranking 0.005 nDCG@10 on XQuAD-R: 0.962 with
    # it, 0.967 without it, where stemmed BM25 (PyThaiNLP newmm, no stop words) has 0.967;
    # 30 particles and question words only: 0.9665 (docs/dev/benchmarks.md). BM25's idf
    # already gives frequent words little weight.
    return frozenset()
