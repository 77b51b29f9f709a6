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


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]


Alternative = Term | Phrase


@dataclass
class MatchExpression:
    """AND over ``required`` groups (OR inside a group), minus ``excluded``."""

    required: list[list[Alternative]] = field(default_factory=list)
    excluded: list[Alternative] = field(default_factory=list)
    any_word: bool = False  # OR over every group instead of AND

    @property
    def is_empty(self) -> bool:
        return not self.required

    def positive_terms(self) -> set[str]:
        result: set[str] = set()
        for group in self.required:
            for alt in group:
                result.update(alt.terms if isinstance(alt, Phrase) else [alt.text])
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


def query_languages(filters: dict[str, list[str]]) -> tuple[str, ...]:
    chosen = tuple(lang for lang in filters.get("lang", []) if lang in LATIN_QUERY_LANGUAGES)
    return chosen or LATIN_QUERY_LANGUAGES


def _sequence_alternatives(text: str, languages: tuple[str, ...]) -> list[Alternative]:
    """Alternatives for several words that must appear next to each other."""
    found = [w for w, _s, _e in words(text)]
    sequences: set[tuple[str, ...]] = set()
    for lang in languages:
        sequence = tuple(t for t in (term_for(w, lang) for w in found) if t)
        if sequence:
            sequences.add(sequence)
    return [Phrase(seq) if len(seq) > 1 else Term(seq[0]) for seq in sorted(sequences)]


def _word_alternatives(word: str, prefix: bool, languages: tuple[str, ...]) -> list[Alternative]:
    if not prefix and is_stop_word(word, languages):
        return []
    terms = query_terms(word, languages)
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


def clause_alternatives(clause: Clause, languages: tuple[str, ...]) -> list[Alternative]:
    if clause.phrase:
        return _sequence_alternatives(clause.text, languages)
    found = [w for w, _s, _e in words(clause.text, expand_compounds=False)]
    if len(found) == 1:
        return _word_alternatives(found[0], clause.prefix, languages)
    if not found:
        return []
    return _sequence_alternatives(clause.text, languages)


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


def compile_query(parsed: ParsedQuery) -> tuple[MatchExpression, list[str]]:
    """The match expression, and the typed words that were left out (stop words)."""
    languages = query_languages(parsed.filters)
    expression = MatchExpression()
    dropped: list[str] = []
    for group in _split_unspaced_thai(parsed.groups):
        alternatives: list[Alternative] = []
        for clause in group:
            found = clause_alternatives(clause, languages)
            if not found:
                dropped.append(clause.text)
            alternatives.extend(a for a in found if a not in alternatives)
        if alternatives:
            expression.required.append(alternatives)
    for clause in parsed.excluded:
        expression.excluded.extend(clause_alternatives(clause, languages))
    return expression, dropped
