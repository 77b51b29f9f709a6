"""From a parsed query to a backend-neutral match expression of index terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from plaza.search.analysis import is_stop_word, query_terms, term_for, words
from plaza.search.analysis.languages import LATIN_QUERY_LANGUAGES
from plaza.search.analysis.normalize import ACCENT_FOLDING_LANGUAGES, fold_accents, script_of
from plaza.search.analysis.thai import split_compound
from plaza.search.query import Clause, ParsedQuery


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    field: str = ""  # "": any field; "title": the title only


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]
    field: str = ""


@dataclass(frozen=True)
class AllOf:
    """Every term, anywhere in the record: the parts of "NF-kB" or "Baden-Powell" written
    apart, spaced or ordered differently."""

    terms: tuple[str, ...]
    field: str = ""


Alternative = Term | Phrase | AllOf

# Coordination: up to this many words, a record must have every word; with more (a
# question typed as a sentence), a record needs any of them and is ranked by BM25, which
# adds up every word it has (coordination). Requiring three quarters of the words instead
# cost 0.09 nDCG@10 on Cranfield, and multiplying scores by the share of words matched
# 0.03 (docs/dev/benchmarks.md): BM25's sum already counts the words.
ALL_WORDS_UP_TO = 3


def required_count(groups: int) -> int:
    """How many of ``groups`` query words a record must match (the coordination rule)."""
    return groups if groups <= ALL_WORDS_UP_TO else 1


def with_field(alt: Alternative, name: str) -> Alternative:
    if isinstance(alt, Term):
        return Term(alt.text, alt.prefix, name)
    if isinstance(alt, Phrase):
        return Phrase(alt.terms, name)
    return AllOf(alt.terms, name)


@dataclass
class MatchExpression:
    """At least ``min_match`` of the ``required`` groups (OR inside a group; 0: all of them),
    minus ``excluded``."""

    required: list[list[Alternative]] = field(default_factory=list)
    excluded: list[Alternative] = field(default_factory=list)
    any_word: bool = False  # OR over every group instead of AND
    min_match: int = 0  # 0: every group; else at least this many (ranked by how many)

    @property
    def is_empty(self) -> bool:
        return not self.required

    @property
    def needed(self) -> int:
        """How many groups a record must match."""
        if self.any_word:
            return 1
        if self.min_match <= 0:
            return len(self.required)
        return min(self.min_match, len(self.required))

    def positive_terms(self) -> set[str]:
        result: set[str] = set()
        for group in self.required:
            for alt in group:
                result.update(alt.terms if isinstance(alt, Phrase | AllOf) else [alt.text])
        return result

    def prefixes(self) -> set[str]:
        return {
            alt.text
            for group in self.required
            for alt in group
            if isinstance(alt, Term) and alt.prefix
        }

    def as_any_word(self) -> MatchExpression:
        return MatchExpression(self.required, self.excluded, any_word=True)

    def as_all_words(self) -> MatchExpression:
        return MatchExpression(self.required, self.excluded)

    def in_field(self, name: str) -> MatchExpression:
        """Every required group restricted to one field (no exclusions: used for ranking)."""
        return MatchExpression(
            [[with_field(a, name) for a in group] for group in self.required],
            min_match=self.min_match,
            any_word=self.any_word,
        )


def query_languages(filters: dict[str, list[str]]) -> tuple[str, ...]:
    chosen = tuple(lang for lang in filters.get("lang", []) if lang in LATIN_QUERY_LANGUAGES)
    return chosen or LATIN_QUERY_LANGUAGES


def stop_languages(languages: tuple[str, ...], query_language: str) -> tuple[str, ...]:
    """The languages whose stop words are dropped from the query: the query's own language
    only ("son", "era", "los" and "sur" are real words in English). A Latin-script query of
    unknown or other language drops none."""
    if len(languages) == 1:
        return languages
    if query_language in languages:
        return (query_language,)
    return ()


def _sequence_alternatives(
    text: str, languages: tuple[str, ...], name: str = "", stops: tuple[str, ...] | None = None
) -> list[Alternative]:
    """Alternatives for several words that must appear next to each other."""
    found = [w for w, _s, _e in words(text)]
    sequences: set[tuple[str, ...]] = set()
    for lang in languages:
        sequence = tuple(t for t in (_term(w, lang, stops) for w in found) if t)
        if sequence:
            sequences.add(sequence)
    return [
        Phrase(seq, name) if len(seq) > 1 else Term(seq[0], field=name) for seq in sorted(sequences)
    ]


def _term(word: str, language: str, stops: tuple[str, ...] | None) -> str | None:
    """The index term of ``word`` (None: a stop word of ``stops``, or of ``language``)."""
    term = term_for(word, language)
    if term is None and stops is not None and language not in stops:
        from plaza.search.analysis.pipeline import stem_only

        return stem_only(word, language) if word not in _all_stops(word) else None
    return term


def _all_stops(word: str) -> set[str]:
    """``{word}`` when it is a stop word of every Latin query language, else empty."""
    if all(term_for(word, lang) is None for lang in LATIN_QUERY_LANGUAGES):
        return {word}
    return set()


def _compound_alternatives(
    text: str, languages: tuple[str, ...], name: str, stops: tuple[str, ...] | None
) -> list[Alternative]:
    """Words joined by a hyphen or a slash ("NF-kB", "बैनर/हल्क", "Baden-Powell"): the parts
    anywhere in the record (in any order or spacing), or written as one word ("NFkB").
    Not also the exact sequence: its score would be added to the parts' and count the
    compound twice (Cranfield nDCG@10 0.530 with both, 0.532 with the parts alone);
    quote the compound for the exact sequence."""
    found = [w for w, _s, _e in words(text, expand_compounds=False)]
    result: list[Alternative] = []
    for alt in _sequence_alternatives(text, languages, name, stops):
        result.append(AllOf(alt.terms, name) if isinstance(alt, Phrase) else alt)
    for joined in _word_alternatives("".join(found), False, languages, stops):
        joined = with_field(joined, name)
        if joined not in result:
            result.append(joined)
    return result


def _word_alternatives(
    word: str, prefix: bool, languages: tuple[str, ...], stops: tuple[str, ...] | None = None
) -> list[Alternative]:
    if not prefix:
        if stops is None and is_stop_word(word, languages):
            return []
        if stops and is_stop_word(word, stops):
            return []
        if stops == () and is_stop_word(word, languages) and not query_terms(word, languages):
            return []  # a stop word in every candidate language: no document has it
    terms = query_terms(word, languages)
    if not terms:
        from plaza.search.analysis.pipeline import stem_only

        terms = {t for t in (stem_only(word, lang) for lang in languages) if t}
    alternatives: list[Alternative] = [Term(t, prefix) for t in sorted(terms)]
    if prefix and script_of(word) == "Latn":
        # "vendedo*": the stem may be shorter or longer than what was typed; try both.
        folded = fold_accents(word) if set(languages) & ACCENT_FOLDING_LANGUAGES else word
        if len(folded) >= 2 and folded not in terms:
            alternatives.append(Term(folded, True))
    if script_of(word) == "Thai":
        parts = split_compound(word)
        if len(parts) > 1:
            alternatives.append(Phrase(tuple(parts)))
    return alternatives


def clause_alternatives(
    clause: Clause, languages: tuple[str, ...], stops: tuple[str, ...] | None = None
) -> list[Alternative]:
    name = clause.field
    if clause.phrase:
        return _sequence_alternatives(clause.text, languages, name, stops)
    found = [w for w, _s, _e in words(clause.text, expand_compounds=False)]
    if len(found) == 1:
        return [
            with_field(a, name)
            for a in _word_alternatives(found[0], clause.prefix, languages, stops)
        ]
    if not found:
        return []
    return _compound_alternatives(clause.text, languages, name, stops)


def _split_unspaced_thai(groups: list[list[Clause]]) -> list[list[Clause]]:
    """Thai is written without spaces between words: a run of Thai words typed together is
    searched like spaced words (each required, anywhere), not as an exact phrase."""
    result: list[list[Clause]] = []
    for group in groups:
        clause = group[0]
        if len(group) == 1 and not clause.phrase and script_of(clause.text) == "Thai":
            found = [w for w, _s, _e in words(clause.text, expand_compounds=False)]
            if len(found) > 1:
                result.extend([Clause(w)] for w in found)
                continue
        result.append(group)
    return result


def compile_query(
    parsed: ParsedQuery, query_language: str = ""
) -> tuple[MatchExpression, list[str]]:
    """The match expression, and the typed words that were left out (stop words).

    ``query_language`` (detected from the query) decides whose stop words are dropped;
    without it the stop words of every candidate language are (the old behaviour, kept for
    callers that do not detect)."""
    languages = query_languages(parsed.filters)
    stops = stop_languages(languages, query_language) if query_language else None
    expression = MatchExpression()
    dropped: list[str] = []
    for group in _split_unspaced_thai(parsed.groups):
        alternatives: list[Alternative] = []
        for clause in group:
            found = clause_alternatives(clause, languages, stops)
            if not found:
                dropped.append(clause.text)
            alternatives.extend(a for a in found if a not in alternatives)
        if alternatives:
            expression.required.append(alternatives)
    for clause in parsed.excluded:
        expression.excluded.extend(clause_alternatives(clause, languages, stops))
    expression.min_match = required_count(len(expression.required))
    return expression, dropped


def phrase_expression(
    parsed: ParsedQuery, expression: MatchExpression, query_language: str = ""
) -> MatchExpression | None:
    """The query's words as one exact phrase (a one-word query: the word itself); None when
    the query has OR groups or nothing to match. Used to rank exact matches first."""
    if expression.is_empty:
        return None
    if len(expression.required) == 1:
        return MatchExpression([list(expression.required[0])])
    groups = _split_unspaced_thai(parsed.groups)
    if any(len(group) != 1 for group in groups):
        return None
    languages = query_languages(parsed.filters)
    stops = stop_languages(languages, query_language) if query_language else None
    text = " ".join(group[0].text for group in groups)
    alternatives = _sequence_alternatives(text, languages, "", stops)
    return MatchExpression([alternatives]) if alternatives else None
