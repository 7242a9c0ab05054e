"""Related articles (« À lire aussi »): the articles a reader of one article would open next.

Pure functions over simple records; no Pelican. The score of article B for a reader of A is a
weighted sum of signals (the model is Hugo's related content: named indices, each with a
weight, set in ``pelicanconf.py``)::

    score(A, B) = Σ weight[index] × similarity[index](A, B) + weight["recency"] × freshness(B)

- ``decision``, ``organisation``: how many values the two articles share (a decision is known
  by ``decision_identity``, an organisation by ``organisation_key``);
- ``tag``, ``gdpr_article``, ``breach``, ``authority``, ``sector``, ``category``: overlap of the
  two sets between 0 and 1, where rare values count more: sharing « reconnaissance faciale »
  says more than sharing « sécurité ». GDPR articles are those the decisions cite and those the
  text names (« l'article 15 »): they join a guide to the sanctions on its subject;
- ``text``: cosine of TF-IDF vectors over title (×3), summary (×2) and the start of the body,
  French stop words removed, accents folded, plurals cut; each article keeps its ``TEXT_TERMS``
  most telling terms;
- ``recency``: ``0.5 ** (age / half-life)``, the age counted from the newest article.

Every signal is a dot product of sparse row vectors, so all of them live in one matrix whose
product with itself gives every score. Computing that product whole would cost the square of
the number of articles (a category is shared by a fifth of the site), so candidates come from
an inverted index: each article asks with its ``QUERY_VALUES`` heaviest values, each value
proposes at most ``POSTINGS_PER_VALUE`` articles (all of them if it has no more, else those
where it weighs most, the most recent among equals), and the best ``CANDIDATES_PER_ARTICLE``
are then scored exactly. Cost: about ``QUERY_VALUES`` × ``POSTINGS_PER_VALUE`` per article,
linear in the number of articles. On a generated site of 10,000 articles the lists reach on
average 98 % of the best possible scores; they are exact while no value has more than
``POSTINGS_PER_VALUE`` articles and no article more than ``QUERY_VALUES`` values.
"""

from __future__ import annotations

import html
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

import numpy as np
from scipy import sparse
from unidecode import unidecode

from portail.model.decisions import decision_identity, organisation_key
from portail.model.problems import Problem
from portail.model.schema import Sanction
from portail.model.suggest import did_you_mean

# Default weights. `decision` outweighs all the others together (11.5): two articles about the
# same decision always come before any other article in each other's list.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "decision": 12.0,
    "organisation": 3.0,
    "text": 4.0,
    "tag": 2.5,
    "gdpr_article": 0.5,
    "breach": 0.5,
    "authority": 0.25,
    "sector": 0.25,
    "category": 0.25,
    "recency": 0.25,
}
DEFAULT_LIMIT = 5
DEFAULT_HALF_LIFE_DAYS = 730
# What an editor reads in the explanation of a score.
INDEX_LABELS: Mapping[str, str] = {
    "decision": "même décision",
    "organisation": "même organisme",
    "text": "texte",
    "tag": "étiquettes",
    "gdpr_article": "articles du RGPD",
    "breach": "manquements",
    "authority": "autorité",
    "sector": "secteur",
    "category": "rubrique",
    "recency": "fraîcheur",
}

TEXT_TERMS = 20
# The body is read up to BODY_CHARACTERS (about 230 words): an article states its subject at the
# start, and the cost per article stays bounded however long it is. Whole bodies would keep 7 in
# 8 of the seed site's links, and the same quality on the labelled corpus.
BODY_CHARACTERS = 1500
# The candidate search (module docstring); rows are searched a chunk at a time to bound memory.
POSTINGS_PER_VALUE = 300
QUERY_VALUES = 16
CANDIDATES_PER_ARTICLE = 20
_CHUNK_ROWS = 1024
# Scores equal to this precision are ties, broken by date then slug: float noise must not decide.
_SCORE_DECIMALS = 9

# Short French stop-word list, accents folded (tokens are folded before the check). « article »
# too: the GDPR articles a text names are a signal of their own.
STOP_WORDS = frozenset(
    [
        "a",
        "ai",
        "aie",
        "aient",
        "ainsi",
        "alors",
        "apres",
        "article",
        "articles",
        "as",
        "au",
        "aucun",
        "aucune",
        "aupres",
        "auquel",
        "aussi",
        "autre",
        "autres",
        "aux",
        "avaient",
        "avais",
        "avait",
        "avant",
        "avec",
        "avez",
        "avoir",
        "avons",
        "bien",
        "c",
        "ca",
        "car",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "cependant",
        "ces",
        "cet",
        "cette",
        "ceux",
        "chacun",
        "chaque",
        "chez",
        "comme",
        "comment",
        "contre",
        "d",
        "dans",
        "de",
        "des",
        "deja",
        "depuis",
        "dernier",
        "derniere",
        "deux",
        "doit",
        "doivent",
        "donc",
        "dont",
        "du",
        "elle",
        "elles",
        "en",
        "encore",
        "entre",
        "est",
        "et",
        "etaient",
        "etait",
        "etant",
        "ete",
        "etre",
        "eu",
        "eux",
        "fait",
        "faire",
        "fois",
        "font",
        "hors",
        "il",
        "ils",
        "j",
        "je",
        "jusqu",
        "l",
        "la",
        "laquelle",
        "le",
        "lequel",
        "les",
        "lesquels",
        "leur",
        "leurs",
        "lors",
        "lorsqu",
        "lorsque",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "memes",
        "mes",
        "moins",
        "mon",
        "n",
        "ne",
        "ni",
        "non",
        "nos",
        "notre",
        "nous",
        "on",
        "ont",
        "ou",
        "par",
        "parce",
        "parmi",
        "pas",
        "peu",
        "peut",
        "peuvent",
        "plus",
        "plusieurs",
        "pour",
        "pourquoi",
        "pourrait",
        "qu",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "s",
        "sa",
        "sans",
        "se",
        "selon",
        "ses",
        "si",
        "sinon",
        "soit",
        "son",
        "sont",
        "sous",
        "sur",
        "t",
        "ta",
        "tant",
        "te",
        "tel",
        "telle",
        "telles",
        "tels",
        "tes",
        "toi",
        "ton",
        "tous",
        "tout",
        "toute",
        "toutes",
        "tres",
        "trois",
        "un",
        "une",
        "unes",
        "uns",
        "vers",
        "via",
        "voir",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)

_TAGS = re.compile(r"<[^>]+>")
# « article 15 », « l'article 5(1)(a) », « art. 32 », « articles 13 et 14 », « articles 15 à 22 ».
# No \b in front: a pattern that starts with a literal is searched for much faster.
_GDPR_ARTICLES = re.compile(r"art(?:icles?\b|\.)\s*(\d{1,2}\b(?:\s*(?:,|et|à|ou)\s*\d{1,2}\b)*)")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_][^\W_]*")


@dataclass(frozen=True)
class ArticleRecord:
    """What the scoring knows of an article: its words and the facts of the decisions it reports."""

    slug: str
    date: date
    lang: str
    title: str
    summary: str
    text: str  # the start of the body, plain text
    category: str
    chunks: tuple[tuple[str, int], ...] = ()  # the weighted text split in chunks, with counts
    tags: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    breaches: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    gdpr_articles: tuple[str, ...] = ()  # numbers: "15", "32"
    related: tuple[str, ...] = ()  # chosen by the editor, shown first


@dataclass(frozen=True)
class TextFeatures:
    """What the scoring reads of an article's words. It depends on the article alone, so the
    reader computes it once per file (in parallel, and kept in Pelican's content cache)."""

    text: str  # the start of the body, plain text
    chunks: tuple[tuple[str, int], ...]
    named_articles: tuple[str, ...]  # GDPR articles the text names


def text_features(title: str, summary: str, body: str) -> TextFeatures:
    """``body`` is HTML or plain text: the start of its text is kept."""
    text = html.unescape(_TAGS.sub(" ", body))[:BODY_CHARACTERS]
    weighted = " ".join((*[title] * 3, *[summary] * 2, text))
    return TextFeatures(
        text, tuple(Counter(_split(weighted)).items()), tuple(gdpr_articles_named(" ".join((title, summary, text))))
    )


def article_record(
    *,
    slug: str,
    date: date,
    lang: str,
    title: str,
    summary: str,
    text: str | TextFeatures,
    category: str,
    tags: Iterable[str] = (),
    sanctions: Iterable[Sanction] = (),
    related: Iterable[str] = (),
) -> ArticleRecord:
    """A record from an article's fields; ``text`` is the body (HTML or not) or its features."""
    sanctions = list(sanctions)
    features = text if isinstance(text, TextFeatures) else text_features(title, summary, text)
    cited = (_NUMBER.match(article).group() for s in sanctions for article in s.articles)

    def distinct(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(values))

    return ArticleRecord(
        slug=slug,
        date=date,
        lang=lang,
        title=title,
        summary=summary,
        text=features.text,
        chunks=features.chunks,
        category=category,
        tags=distinct(tags),
        decisions=distinct(decision_identity(s) for s in sanctions),
        organisations=distinct(organisation_key(s.organisation) for s in sanctions),
        authorities=distinct(s.authority for s in sanctions),
        breaches=distinct(b for s in sanctions for b in s.breaches),
        sectors=distinct(s.sector for s in sanctions),
        gdpr_articles=distinct([*cited, *features.named_articles]),
        related=distinct(related),
    )


def gdpr_articles_named(text: str) -> list[str]:
    """GDPR article numbers a text names: « articles 13 et 14 » -> ["13", "14"]."""
    named = (int(n) for group in _GDPR_ARTICLES.findall(text.lower()) for n in _NUMBER.findall(group))
    return [str(n) for n in named if 1 <= n <= 99]


@dataclass(frozen=True)
class RelatedConfig:
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    limit: int = DEFAULT_LIMIT
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS


def read_config(weights: Mapping | None, limit, half_life_days, source: str) -> tuple[RelatedConfig, list[Problem]]:
    """The configuration from settings (``weights`` overrides some defaults), and its problems."""
    problems = []

    def problem(name: str, message: str, suggestion: str | None = None) -> None:
        problems.append(Problem(source, None, name, message, suggestion))

    merged = dict(DEFAULT_WEIGHTS)
    if not isinstance(weights, Mapping | None):
        problem("RELATED_ARTICLES_WEIGHTS", f"attendu : un dictionnaire {{signal: poids}} ; trouvé : « {weights} »")
        weights = None
    for name, value in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            problem(
                "RELATED_ARTICLES_WEIGHTS",
                f"signal inconnu « {name} » ; signaux possibles : {', '.join(DEFAULT_WEIGHTS)}",
                did_you_mean(name, DEFAULT_WEIGHTS),
            )
        elif not _is_number(value) or value < 0:
            problem(f"RELATED_ARTICLES_WEIGHTS[{name!r}]", f"attendu : un nombre positif ou nul ; trouvé : « {value} »")
        else:
            merged[name] = float(value)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        problem("RELATED_ARTICLES_LIMIT", f"attendu : un nombre entier d'articles, au moins 1 ; trouvé : « {limit} »")
    if not _is_number(half_life_days) or half_life_days <= 0:
        problem(
            "RELATED_ARTICLES_HALF_LIFE_DAYS",
            f"attendu : un nombre de jours strictement positif ; trouvé : « {half_life_days} »",
        )
    if problems:
        return RelatedConfig(), problems
    return RelatedConfig(merged, limit, float(half_life_days)), []


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --- Text ----------------------------------------------------------------------------------


class _Vocabulary:
    """Text to term columns: accents folded, stop words dropped, plurals cut.

    Splitting on spaces (after apostrophes, hyphens and slashes) is several times faster than a
    regular expression over the whole text; each distinct chunk (« données, », « (article ») is
    then read once, and an article's chunks are mapped to columns by dictionary lookups, without
    a loop in Python. A chunk counts as one word: in the rare « h&m » only the first is kept."""

    def __init__(self):
        self.terms: dict[str, int] = {}  # term -> column
        self._column: dict[str, int] = {}  # chunk, lower case -> its term's column, -1 if none
        self.cols, self.counts, self.sizes = array("q"), array("d"), array("q")

    def add(self, chunks: tuple[tuple[str, int], ...]) -> None:
        """Count the terms of a text's chunks in the next row (a column may come twice: « sanction(s) »)."""
        for chunk in [c for c, _count in chunks if c not in self._column]:
            self._column[chunk] = self._term_column(chunk)
        self.cols.extend(self._column[chunk] for chunk, _count in chunks)
        self.counts.extend(count for _chunk, count in chunks)
        self.sizes.append(len(chunks))

    def _term_column(self, chunk: str) -> int:
        terms = [term for term in map(_term, _WORD.findall(chunk)) if term]
        return self.terms.setdefault(terms[0], len(self.terms)) if terms else -1


def _split(text: str) -> list[str]:
    lowered = text.lower()
    for separator in "'’-/":
        lowered = lowered.replace(separator, " ")
    return lowered.split()


def _term(word: str) -> str:
    folded = unidecode(word)
    if len(folded) < 3 or folded in STOP_WORDS:
        return ""
    if len(folded) > 4 and folded[-1] in "sx":
        return folded[:-1]
    return folded


# --- The signal matrix ---------------------------------------------------------------------

# Identities: the similarity is the number of values shared (rarely more than one).
_IDENTITIES = {"decision": "decisions", "organisation": "organisations"}
# Descriptions: the similarity is a rarity-weighted overlap of the two sets, between 0 and 1.
_DESCRIPTIONS = {
    "tag": "tags",
    "gdpr_article": "gdpr_articles",
    "breach": "breaches",
    "authority": "authorities",
    "sector": "sectors",
    "category": "category",
}


@dataclass
class _Block:
    """One index: a row of values per article (sparse), and the names of its columns."""

    name: str
    matrix: sparse.csr_matrix
    columns: list[str]


def _entries(sets: Sequence[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Row and column of every value of every set (a record's values are distinct)."""
    values = list(chain.from_iterable(sets))
    columns = {value: column for column, value in enumerate(dict.fromkeys(values))}
    rows = np.repeat(np.arange(len(sets)), np.fromiter(map(len, sets), dtype=np.int64, count=len(sets)))
    cols = np.fromiter(map(columns.__getitem__, values), dtype=np.int64, count=len(values))
    return rows, cols, list(columns)


def _idf(col_ids: np.ndarray, n_columns: int, n_rows: int) -> np.ndarray:
    """Smoothed inverse document frequency of each column: 1 for a value every article has."""
    frequency = np.bincount(col_ids, minlength=n_columns)
    return np.log((1 + n_rows) / (1 + frequency)) + 1


def _identity_block(name: str, sets: Sequence[tuple[str, ...]]) -> _Block:
    rows, cols, columns = _entries(sets)
    return _Block(name, _csr(rows, cols, np.ones(len(rows)), (len(sets), len(columns))), columns)


def _description_block(name: str, sets: Sequence[tuple[str, ...]]) -> _Block:
    """Overlap of A and B = Σ over shared values of rarity(value) / √(|A|·|B|), where rarity is the
    value's IDF over the IDF of a value only one article has: sharing a rare tag counts almost 1,
    sharing the category of a fifth of the site much less. Stored as row entries whose products
    give exactly that: √rarity / √|row|."""
    rows, cols, columns = _entries(sets)
    n = len(sets)
    rarity = _idf(cols, len(columns), n) / (math.log((1 + n) / 2) + 1)
    sizes = np.bincount(rows, minlength=n)
    values = np.sqrt(rarity[cols] / sizes[rows])
    return _Block(name, _csr(rows, cols, values, (n, len(columns))), columns)


def _text_block(records: Sequence[ArticleRecord]) -> _Block:
    """TF-IDF (1 + log tf), the TEXT_TERMS heaviest terms of each article, rows of length 1."""
    vocabulary = _Vocabulary()
    for record in records:
        vocabulary.add(record.chunks)
    n, shape = len(records), (len(records), len(vocabulary.terms))
    rows = np.repeat(np.arange(n), np.frombuffer(vocabulary.sizes, dtype=np.int64))
    cols, counts = np.frombuffer(vocabulary.cols, dtype=np.int64), np.frombuffer(vocabulary.counts, dtype=np.float64)
    terms = cols >= 0
    # Building the matrix adds up the counts of chunks that make one term (« données, », « données »).
    tf = _csr(rows[terms], cols[terms], counts[terms], shape).tocoo()
    values = (1 + np.log(tf.data)) * _idf(tf.col, shape[1], n)[tf.col]
    rows, cols, values = _heaviest(tf.row.astype(np.int64), tf.col.astype(np.int64), values, TEXT_TERMS)
    norms = np.sqrt(np.bincount(rows, weights=values**2, minlength=n))
    return _Block("text", _csr(rows, cols, values / norms[rows], shape), list(vocabulary.terms))


def _csr(rows, cols, values, shape) -> sparse.csr_matrix:
    return sparse.csr_matrix((values, (rows, cols)), shape=shape)


def _heaviest(rows, cols, values, keep: int):
    """The ``keep`` heaviest entries of each row (ties: the first given; lexsort is stable)."""
    order = np.lexsort((-values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.searchsorted(rows, rows, side="left")
    kept = np.arange(len(rows)) - starts < keep
    return rows[kept], cols[kept], values[kept]


def _blocks(records: Sequence[ArticleRecord]) -> dict[str, _Block]:
    blocks = {
        name: _identity_block(name, [_values(r, attribute) for r in records]) for name, attribute in _IDENTITIES.items()
    }
    blocks.update(
        {
            name: _description_block(name, [_values(r, attribute) for r in records])
            for name, attribute in _DESCRIPTIONS.items()
        }
    )
    blocks["text"] = _text_block(records)
    return blocks


def _values(record: ArticleRecord, attribute: str) -> tuple[str, ...]:
    value = getattr(record, attribute)
    return (value,) if isinstance(value, str) else value


# --- One language ---------------------------------------------------------------------------


class _Corpus:
    """The published articles of one language, newest first (then by slug): row i is rank i."""

    def __init__(self, records: Sequence[ArticleRecord], config: RelatedConfig):
        # order[row] is the position in `records` of the article at `row`.
        self.order = sorted(range(len(records)), key=lambda i: (-records[i].date.toordinal(), records[i].slug))
        self.records = [records[i] for i in self.order]
        self.config = config
        self.rank = {r.slug: i for i, r in enumerate(self.records)}
        self.blocks = _blocks(self.records)
        weighted = [
            block.matrix * math.sqrt(config.weights[name])
            for name, block in self.blocks.items()
            if config.weights[name] > 0
        ]
        self.matrix = sparse.hstack(weighted, format="csr") if weighted else sparse.csr_matrix((len(self.records), 0))
        newest = self.records[0].date.toordinal() if self.records else 0
        age = np.array([newest - r.date.toordinal() for r in self.records], dtype=np.float64)
        self.freshness = 0.5 ** (age / config.half_life_days)

    def signals(self, a: int, b: int) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Similarity of rows a and b in each index, with the values they share (heaviest first)."""
        found = {}
        for name, block in self.blocks.items():
            shared = block.matrix[a].multiply(block.matrix[b]).tocoo()
            order = sorted(zip(-shared.data, shared.col))
            found[name] = (float(shared.data.sum()), tuple(block.columns[c] for _, c in order))
        found["recency"] = (float(self.freshness[b]), ())
        return found

    def scores_from(self, row: int) -> np.ndarray:
        """Exact score of every article for a reader of ``row``; -inf where nothing is shared."""
        signal = (self.matrix[row] @ self.matrix.T).toarray().ravel()
        score = np.round(signal + self.config.weights["recency"] * self.freshness, _SCORE_DECIMALS)
        score[signal <= 0] = -np.inf
        score[row] = -np.inf
        return score

    def ranking(self, row: int) -> list[tuple[int, float]]:
        """Every row sharing something with ``row``, best exact score first (then newest, slug)."""
        scores = self.scores_from(row)
        order = np.lexsort((np.arange(len(scores)), -scores))
        return [(int(r), float(scores[r])) for r in order if np.isfinite(scores[r])]

    def ranked_candidates(self) -> list[list[int]]:
        """For each row, its candidates best first: exact score, then newest, then slug."""
        rows, cols = self._candidates()
        score = self._scores(rows, cols)
        order = np.lexsort((cols, -score, rows))
        rows, cols = rows[order], cols[order]
        ranked: list[list[int]] = [[] for _ in self.records]
        bounds = np.searchsorted(rows, np.arange(len(self.records) + 1))
        for row in range(len(self.records)):
            ranked[row] = cols[bounds[row] : bounds[row + 1]].tolist()
        return ranked

    def _candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) pairs worth scoring: the best by a bounded inverted index."""
        proposals = _truncated_postings(self.matrix, POSTINGS_PER_VALUE).T.tocsr()
        entries = self.matrix.tocoo()
        queries = _csr(
            *_heaviest(entries.row.astype(np.int64), entries.col.astype(np.int64), entries.data, QUERY_VALUES),
            self.matrix.shape,
        )
        found, sizes = [np.zeros(0, dtype=np.int32)], []
        for start in range(0, self.matrix.shape[0], _CHUNK_ROWS):
            # Row r of `partial`: the articles proposed to article start + r, with a partial score.
            partial = (queries[start : start + _CHUNK_ROWS] @ proposals).tocsr()
            own = np.repeat(np.arange(start, start + partial.shape[0]), np.diff(partial.indptr))
            kept = (partial.indices != own) & (partial.data > 0)  # never itself
            indices, values = partial.indices[kept], partial.data[kept]
            bounds = np.concatenate([[0], np.cumsum(np.bincount(own[kept] - start, minlength=partial.shape[0]))])
            for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
                if end - begin > CANDIDATES_PER_ARTICLE:
                    best = np.argpartition(values[begin:end], -CANDIDATES_PER_ARTICLE)[-CANDIDATES_PER_ARTICLE:]
                    found.append(indices[begin + best])
                else:
                    found.append(indices[begin:end])
                sizes.append(len(found[-1]))
        rows = np.repeat(np.arange(len(sizes)), sizes)
        return rows, np.concatenate(found).astype(np.int64)

    def _scores(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        signal = np.asarray(self.matrix[rows].multiply(self.matrix[cols]).sum(axis=1)).ravel()
        score = signal + self.config.weights["recency"] * self.freshness[cols]
        return np.round(score, _SCORE_DECIMALS)

    def lists(self) -> list[list[int]]:
        """Each row's « À lire aussi »: the editor's choices, then the best scores, capped."""
        lists = []
        for row, candidates in enumerate(self.ranked_candidates()):
            chosen = [self.rank[slug] for slug in self.records[row].related if slug in self.rank]
            merged = dict.fromkeys(c for c in [*chosen, *candidates] if c != row)
            lists.append(list(merged)[: self.config.limit])
        return lists


def _truncated_postings(matrix: sparse.csr_matrix, per_value: int) -> sparse.csc_matrix:
    """Each column keeps its ``per_value`` heaviest entries (an article where the value weighs
    more: a term it repeats, a tag among few), the most recent first among equals."""
    columns = matrix.tocsc()
    columns.sort_indices()
    counts = np.diff(columns.indptr)
    column_of = np.repeat(np.arange(columns.shape[1]), counts)
    order = np.lexsort((columns.indices, -columns.data, column_of))
    position = np.arange(columns.nnz) - np.repeat(columns.indptr[:-1], counts)
    keep = order[position < per_value]
    keep.sort()  # back to column order, rows ascending within each column
    indptr = np.concatenate([[0], np.cumsum(np.minimum(counts, per_value))])
    return sparse.csc_matrix((columns.data[keep], columns.indices[keep], indptr), shape=columns.shape)


def _by_lang(records: Sequence[ArticleRecord]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for position, record in enumerate(records):
        groups.setdefault(record.lang, []).append(position)
    return groups


def related_articles(records: Sequence[ArticleRecord], config: RelatedConfig = RelatedConfig()) -> list[list[int]]:
    """For each record (published articles only), the positions of its related records in order.

    Only articles in the same language; never itself; the editor's ``related`` first.
    """
    result: list[list[int]] = [[] for _ in records]
    for positions in _by_lang(records).values():
        corpus = _Corpus([records[p] for p in positions], config)
        position = [positions[i] for i in corpus.order]
        for row, related in enumerate(corpus.lists()):
            result[position[row]] = [position[r] for r in related]
    return result


# --- Explanation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    index: str
    weight: float
    similarity: float
    shared: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.weight * self.similarity

    @property
    def label(self) -> str:
        return INDEX_LABELS[self.index]


@dataclass(frozen=True)
class Explanation:
    """Why ``target`` is (or is not) in the « À lire aussi » of ``source``."""

    source: ArticleRecord
    target: ArticleRecord
    contributions: tuple[Contribution, ...]
    listed: tuple[str, ...]  # the source's list, slugs in order
    ranking: tuple[tuple[str, float], ...]  # every article sharing something, best score first

    @property
    def score(self) -> float:
        return sum(c.score for c in self.contributions)

    @property
    def chosen_by_editor(self) -> bool:
        return self.target.slug in self.source.related

    @property
    def position(self) -> int | None:
        """Place in the source's « À lire aussi », from 1."""
        return self.listed.index(self.target.slug) + 1 if self.target.slug in self.listed else None

    @property
    def rank(self) -> int | None:
        """Place among all articles by score, from 1; None when nothing is shared."""
        slugs = [slug for slug, _ in self.ranking]
        return slugs.index(self.target.slug) + 1 if self.target.slug in slugs else None


def ranking(
    records: Sequence[ArticleRecord], source: ArticleRecord, config: RelatedConfig = RelatedConfig()
) -> list[tuple[ArticleRecord, float]]:
    """Every article of the source's language that shares something with it, best exact score first."""
    corpus = _Corpus([r for r in records if r.lang == source.lang], config)
    return [(corpus.records[row], score) for row, score in corpus.ranking(corpus.rank[source.slug])]


def explain(
    records: Sequence[ArticleRecord],
    source: ArticleRecord,
    target: ArticleRecord,
    config: RelatedConfig = RelatedConfig(),
) -> Explanation:
    """The score of each signal between two records of one language, the source's list and ranking."""
    corpus = _Corpus([r for r in records if r.lang == source.lang], config)
    a, b = corpus.rank[source.slug], corpus.rank[target.slug]
    signals = corpus.signals(a, b)
    contributions = tuple(Contribution(name, config.weights[name], *signals[name]) for name in DEFAULT_WEIGHTS)
    listed = tuple(corpus.records[r].slug for r in corpus.lists()[a])
    ranked = tuple((corpus.records[row].slug, score) for row, score in corpus.ranking(a))
    return Explanation(source, target, contributions, listed, ranked)


# --- Quality on a labelled corpus -----------------------------------------------------------


def hit_rate(
    lists: Mapping[str, Sequence[str]], expected: Mapping[str, Iterable[str]], k: int = DEFAULT_LIMIT
) -> float:
    """Share of labelled articles with at least one expected article among their first ``k``."""
    hits = [bool(set(lists.get(slug, [])[:k]) & set(wanted)) for slug, wanted in expected.items()]
    return sum(hits) / len(hits) if hits else 0.0


def recall(lists: Mapping[str, Sequence[str]], expected: Mapping[str, Iterable[str]], k: int = DEFAULT_LIMIT) -> float:
    """Share of expected (article, related article) pairs found among the first ``k``."""
    pairs = [(slug, other) for slug, wanted in expected.items() for other in wanted]
    found = [other in lists.get(slug, [])[:k] for slug, other in pairs]
    return sum(found) / len(found) if found else 0.0
