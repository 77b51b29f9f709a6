from __future__ import annotations

import itertools

import pytest

from plaza.search.semantic.chunking import (
    chunk_text,
    count_words,
    document_passages,
    split_sentences,
)

from .conftest import document

ENGLISH = " ".join(f"Sentence number {i} talks about street vendors in Lima." for i in range(40))


def test_english_chunks_hold_whole_sentences_and_overlap() -> None:
    chunks = chunk_text(ENGLISH, "en", max_words=50, overlap_words=20)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.startswith("Sentence number") and chunk.endswith("Lima.")
        assert count_words(chunk, "en") <= 50
    # the last sentences of a chunk open the next one
    for previous, following in itertools.pairwise(chunks):
        tail = split_sentences(previous, "en")[-2:]  # two 9-word sentences fit in 20 words
        assert split_sentences(following, "en")[:2] == tail
    # nothing lost: every sentence is in some chunk
    assert {s for c in chunks for s in split_sentences(c, "en")} == set(
        split_sentences(ENGLISH, "en")
    )


def test_hindi_sentences_end_on_the_danda() -> None:
    text = "कचरा बीनने वाले शहर को साफ रखते हैं। उन्हें सामाजिक सुरक्षा नहीं मिलती॥ यह अन्याय है।"
    assert split_sentences(text, "hi") == [
        "कचरा बीनने वाले शहर को साफ रखते हैं।",
        "उन्हें सामाजिक सुरक्षा नहीं मिलती॥",
        "यह अन्याय है।",
    ]


def test_thai_is_segmented_with_pythainlp() -> None:
    text = "แรงงานนอกระบบไม่มีประกันสังคม ผู้ค้าหาบเร่แผงลอยถูกไล่ที่ รัฐควรคุ้มครองพวกเขา"
    sentences = split_sentences(text, "th")
    assert sentences == ["แรงงานนอกระบบไม่มีประกันสังคม", "ผู้ค้าหาบเร่แผงลอยถูกไล่ที่", "รัฐควรคุ้มครองพวกเขา"]
    # words, not characters or spaces: "แรงงาน|นอกระบบ|ไม่มี|ประกันสังคม" is a handful of words
    assert 3 <= count_words(sentences[0], "th") <= 8
    chunks = chunk_text(text * 20, "th", max_words=30, overlap_words=5)
    assert len(chunks) > 1
    assert all(count_words(c, "th") <= 30 for c in chunks)


@pytest.mark.parametrize("language", ["en", "th", "hi"])
def test_a_sentence_longer_than_a_chunk_is_cut(language: str) -> None:
    long_sentence = {"en": "word " * 500, "th": "แรงงาน" * 500, "hi": "शब्द " * 500}[language]
    chunks = chunk_text(long_sentence, language, max_words=100)
    assert len(chunks) >= 4
    assert all(chunk.strip() for chunk in chunks)


def test_document_passages_title_and_abstract_first_then_body_with_title_as_context() -> None:
    doc = document(7, "Waste pickers", language="en", abstract="A short abstract.", body=ENGLISH)
    passages = document_passages(doc)
    assert passages[0].ordinal == 0
    assert passages[0].text == "Waste pickers\nA short abstract."
    assert passages[0].context == ""
    assert len(passages) > 1
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert all(p.context == "Waste pickers" and p.language == "en" for p in passages[1:])
    assert passages[1].embedding_input.startswith("Waste pickers\nSentence number 0")


def test_content_hash_follows_the_embedded_text() -> None:
    one = document_passages(document(1, "Title", language="en", abstract="Abstract."))[0]
    same = document_passages(document(2, "Title", language="en", abstract="Abstract."))[0]
    other = document_passages(document(1, "Title", language="en", abstract="Changed."))[0]
    assert one.content_hash == same.content_hash
    assert one.content_hash != other.content_hash


def test_unknown_language_is_detected() -> None:
    doc = document(
        1,
        "Los vendedores ambulantes de Lima",
        language="",
        abstract="Trabajan en la calle todos los días.",
    )
    assert document_passages(doc)[0].language == "es"
