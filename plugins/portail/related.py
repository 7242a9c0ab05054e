"""Related articles (« À lire aussi »): the articles a reader of one article would open next.

Pure functions over simple records; no Pelican. The score of article B for a reader of A is a
weighted sum of signals, each a similarity between 0 and 1 (the model is Hugo's related
content: named indices, each with a weight, set in ``pelicanconf.py``)::

    score(A, B) = Σ weight[index] × similarity[index](A, B) + weight["recency"] × freshness(B)

- ``decision``, ``organisation``, ``category``: how many values the two articles share
  (a decision is known by ``decision_identity``, an organisation by ``organisation_key``);
- ``authority``, ``breach``, ``sector``, ``tag``, ``gdpr_article``: cosine of the sets, rare
  values weighing more (IDF), so that sharing « reconnaissance faciale » says more than sharing
  « sécurité ». GDPR articles are those the decisions cite and those the text names
  (« l'article 15 »): they join a guide to the sanctions on its subject;
- ``text``: cosine of TF-IDF vectors over title (×3), summary (×2) and body, French stop words
  removed, accents folded, plurals cut; each article keeps its ``TEXT_TERMS`` most telling terms;
- ``recency``: ``0.5 ** (age / half-life)``, the age counted from the newest article.

Every signal is a dot product of sparse row vectors, so all of them live in one matrix whose
product with itself gives every score. Computing that product whole would cost the square of
the number of articles (a category is shared by a fifth of the site), so candidates come from
an inverted index where each value proposes at most ``POSTINGS_PER_VALUE`` articles (all of
them if it has no more, else its most recent ones); the best ``CANDIDATES_PER_ARTICLE`` are
then scored exactly. Cost: about ``POSTINGS_PER_VALUE`` × the number of stored values, linear
in the number of articles. Below that many articles per value, the lists are exact.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from unidecode import unidecode

from .decisions import decision_identity
from .problems import Problem
from .schema import Sanction
from .suggest import did_you_mean

# Default weights. `decision` outweighs all the others together (10.75): two articles about the
# same decision always come before any other article in each other's list.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "decision": 12.0,
    "organisation": 3.0,
    "text": 2.5,
    "tag": 1.5,
    "gdpr_article": 1.0,
    "breach": 1.0,
    "authority": 0.5,
    "sector": 0.5,
    "category": 0.5,
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

TEXT_TERMS = 40
FIELD_REPEATS = {"title": 3, "summary": 2, "text": 1}
POSTINGS_PER_VALUE = 100
CANDIDATES_PER_ARTICLE = 30
_CHUNK_ROWS = 1024
# Scores equal to this precision are ties, broken by date then slug: float noise must not decide.
_SCORE_DECIMALS = 9

# Short French stop-word list, accents folded (tokens are folded before the check).
STOP_WORDS = frozenset("""
a ai aie aient ainsi alors apres as au aucun aucune aupres auquel aussi autre autres aux avaient
avais avait avant avec avez avoir avons bien c ca car ce ceci cela celle celles celui cependant ces
cet cette ceux chacun chaque chez comme comment contre d dans de des deja depuis dernier derniere
deux doit doivent donc dont du elle elles en encore entre est et etaient etait etant ete etre eu
eux fait faire fois font hors il ils j je jusqu l la laquelle le lequel les lesquels leur leurs
lors lorsqu lorsque lui m ma mais me meme memes mes moins mon n ne ni non nos notre nous on ont
ou par parce parmi pas peu peut peuvent plus plusieurs pour pourquoi pourrait qu quand que quel
quelle quelles quels qui quoi s sa sans se selon ses si sinon soit son sont sous sur t ta tant
te tel telle telles tels tes toi ton tous tout toute toutes tres trois un une unes uns vers via
voir vos votre vous y
""".split())

_TAGS = re.compile(r"<[^>]+>")
# « article 15 », « l'article 5(1)(a) », « art. 32 », « articles 13 et 14 », « articles 15 à 22 ».
_GDPR_ARTICLES = re.compile(r"\bart(?:icles?\b|\.)\s*(\d{1,2}\b(?:\s*(?:,|et|à|ou)\s*\d{1,2}\b)*)")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_][^\W_]*")
_LEGAL_FORMS = frozenset("""
ab ag bv co company corp corporation gmbh inc kg limited llc ltd nv plc sa sarl sas sasu se spa srl
""".split())


@dataclass(frozen=True)
class ArticleRecord:
    """What the scoring knows of an article: its words and the facts of the decisions it reports."""

    slug: str
    date: date
    lang: str
    title: str
    summary: str
    text: str
    category: str
    tags: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    breaches: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    gdpr_articles: tuple[str, ...] = ()  # numbers: "15", "32"
    related: tuple[str, ...] = ()  # chosen by the editor, shown first


def article_record(*, slug: str, date: date, lang: str, title: str, summary: str, text: str,
                   category: str, tags: Iterable[str] = (), sanctions: Iterable[Sanction] = (),
                   related: Iterable[str] = ()) -> ArticleRecord:
    """A record from an article's fields; ``text`` may be HTML (tags are dropped)."""
    sanctions = list(sanctions)
    text = _TAGS.sub(" ", text)
    cited = (_NUMBER.match(article).group() for s in sanctions for article in s.articles)

    def distinct(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(values))

    return ArticleRecord(
        slug=slug, date=date, lang=lang, title=title, summary=summary,
        text=text, category=category, tags=distinct(tags),
        decisions=distinct(decision_identity(s) for s in sanctions),
        organisations=distinct(organisation_key(s.organisation) for s in sanctions),
        authorities=distinct(s.authority for s in sanctions),
        breaches=distinct(b for s in sanctions for b in s.breaches),
        sectors=distinct(s.sector for s in sanctions),
        gdpr_articles=distinct([*cited, *gdpr_articles_named(" ".join((title, summary, text)))]),
        related=distinct(related),
    )


def gdpr_articles_named(text: str) -> list[str]:
    """GDPR article numbers a text names: « articles 13 et 14 » -> ["13", "14"]."""
    named = (int(n) for group in _GDPR_ARTICLES.findall(text.lower()) for n in _NUMBER.findall(group))
    return [str(n) for n in named if 1 <= n <= 99]


def organisation_key(name: str) -> str:
    """« Clearview AI Inc. » and « Clearview AI » are one organisation; legal forms are dropped."""
    words = re.findall(r"[a-z0-9]+", unidecode(name).casefold())
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


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
    for name, value in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            problem("RELATED_ARTICLES_WEIGHTS", f"signal inconnu « {name} » ; signaux possibles : "
                    f"{', '.join(DEFAULT_WEIGHTS)}", did_you_mean(name, DEFAULT_WEIGHTS))
        elif not _is_number(value) or value < 0:
            problem(f"RELATED_ARTICLES_WEIGHTS[{name!r}]",
                    f"attendu : un nombre positif ou nul ; trouvé : « {value} »")
        else:
            merged[name] = float(value)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        problem("RELATED_ARTICLES_LIMIT", f"attendu : un nombre entier d'articles, au moins 1 ; trouvé : « {limit} »")
    if not _is_number(half_life_days) or half_life_days <= 0:
        problem("RELATED_ARTICLES_HALF_LIFE_DAYS",
                f"attendu : un nombre de jours strictement positif ; trouvé : « {half_life_days} »")
    if problems:
        return RelatedConfig(), problems
    return RelatedConfig(merged, limit, float(half_life_days)), []


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --- Text ----------------------------------------------------------------------------------

class _Terms:
    """Words to terms: lower case, accents folded, stop words dropped, plurals cut. Cached per word."""

    def __init__(self):
        self._cache: dict[str, str] = {}

    def count(self, text: str, repeat: int, into: Counter) -> None:
        words = Counter(_WORD.findall(text.lower()))
        for word, count in words.items():
            term = self._cache.get(word)
            if term is None:
                term = self._cache[word] = _term(word)
            if term:
                into[term] += count * repeat


def _term(word: str) -> str:
    folded = unidecode(word)
    if len(folded) < 3 or folded in STOP_WORDS:
        return ""
    if len(folded) > 4 and folded[-1] in "sx":
        return folded[:-1]
    return folded


def _text_counts(records: Sequence[ArticleRecord]) -> list[Counter]:
    terms, counts = _Terms(), []
    for record in records:
        into = Counter()
        for name, repeat in FIELD_REPEATS.items():
            terms.count(getattr(record, name), repeat, into)
        counts.append(into)
    return counts


# --- The signal matrix ---------------------------------------------------------------------

_COUNTED = {"decision": "decisions", "organisation": "organisations", "category": "category"}
_COSINE = {"authority": "authorities", "breach": "breaches", "sector": "sectors", "tag": "tags",
           "gdpr_article": "gdpr_articles"}


@dataclass
class _Block:
    """One index: a row of values per article (sparse), and the names of its columns."""

    name: str
    matrix: sparse.csr_matrix
    columns: list[str]


def _block(name: str, rows: Sequence[Mapping[str, float]], idf: bool, keep: int | None = None) -> _Block:
    """Rows of {value: weight}; ``idf`` reweighs by rarity then scales rows to length 1; ``keep``
    keeps the heaviest values of each row."""
    columns: dict[str, int] = {}
    row_ids, col_ids, values = [], [], []
    for row, entries in enumerate(rows):
        for key, value in entries.items():
            row_ids.append(row)
            col_ids.append(columns.setdefault(key, len(columns)))
            values.append(value)
    row_ids, col_ids = np.asarray(row_ids, dtype=np.int64), np.asarray(col_ids, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    if idf:
        n = len(rows)
        frequency = np.bincount(col_ids, minlength=len(columns))
        values = values * (np.log((1 + n) / (1 + frequency)) + 1)[col_ids]
        if keep is not None:
            row_ids, col_ids, values = _heaviest(row_ids, col_ids, values, keep)
        norms = np.sqrt(np.bincount(row_ids, weights=values ** 2, minlength=n))
        values = values / norms[row_ids]
    matrix = sparse.csr_matrix((values, (row_ids, col_ids)), shape=(len(rows), len(columns)))
    return _Block(name, matrix, list(columns))


def _heaviest(rows, cols, values, keep: int):
    """The ``keep`` heaviest entries of each row (ties: first column seen)."""
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.searchsorted(rows, rows, side="left")
    kept = np.arange(len(rows)) - starts < keep
    return rows[kept], cols[kept], values[kept]


def _blocks(records: Sequence[ArticleRecord]) -> dict[str, _Block]:
    blocks = {}
    for name, attribute in _COUNTED.items():
        rows = [dict.fromkeys(_values(r, attribute), 1.0) for r in records]
        blocks[name] = _block(name, rows, idf=False)
    for name, attribute in _COSINE.items():
        rows = [dict.fromkeys(_values(r, attribute), 1.0) for r in records]
        blocks[name] = _block(name, rows, idf=True)
    tf = [{term: 1 + math.log(count) for term, count in counts.items()} for counts in _text_counts(records)]
    blocks["text"] = _block("text", tf, idf=True, keep=TEXT_TERMS)
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
        weighted = [block.matrix * math.sqrt(config.weights[name])
                    for name, block in self.blocks.items() if config.weights[name] > 0]
        self.matrix = sparse.hstack(weighted, format="csr") if weighted else sparse.csr_matrix((len(self.records), 0))
        newest = self.records[0].date.toordinal() if self.records else 0
        age = np.array([newest - r.date.toordinal() for r in self.records], dtype=np.float64)
        self.freshness = 0.5 ** (age / config.half_life_days)

    def signals(self, a: int, b: int) -> dict[str, tuple[float, list[str]]]:
        """Similarity of rows a and b in each index, with the values they share (heaviest first)."""
        found = {}
        for name, block in self.blocks.items():
            shared = block.matrix[a].multiply(block.matrix[b]).tocoo()
            order = sorted(zip(-shared.data, shared.col))
            found[name] = (float(shared.data.sum()), [block.columns[c] for _, c in order])
        found["recency"] = (float(self.freshness[b]), [])
        return found

    def ranked_candidates(self) -> list[list[int]]:
        """For each row, its candidates best first: exact score, then newest, then slug."""
        rows, cols = self._candidates()
        score = self._scores(rows, cols)
        order = np.lexsort((cols, -score, rows))
        rows, cols = rows[order], cols[order]
        ranked: list[list[int]] = [[] for _ in self.records]
        bounds = np.searchsorted(rows, np.arange(len(self.records) + 1))
        for row in range(len(self.records)):
            ranked[row] = cols[bounds[row]:bounds[row + 1]].tolist()
        return ranked

    def _candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) pairs worth scoring: the best by a bounded inverted index."""
        proposals = _truncated_postings(self.matrix, POSTINGS_PER_VALUE).T.tocsr()
        rows, cols = [], []
        for start in range(0, self.matrix.shape[0], _CHUNK_ROWS):
            partial = (self.matrix[start:start + _CHUNK_ROWS] @ proposals).tocsr()
            for offset in range(partial.shape[0]):
                row = start + offset
                begin, end = partial.indptr[offset], partial.indptr[offset + 1]
                found, values = partial.indices[begin:end], partial.data[begin:end]
                keep = (found != row) & (values > 0)
                found, values = found[keep], values[keep]
                if len(found) > CANDIDATES_PER_ARTICLE:
                    found = found[np.argpartition(-values, CANDIDATES_PER_ARTICLE)[:CANDIDATES_PER_ARTICLE]]
                rows.append(np.full(len(found), row, dtype=np.int64))
                cols.append(found.astype(np.int64))
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows), np.concatenate(cols)

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
            lists.append(list(merged)[:self.config.limit])
        return lists


def _truncated_postings(matrix: sparse.csr_matrix, per_value: int) -> sparse.csc_matrix:
    """Each column keeps its first ``per_value`` rows: the most recent articles with that value."""
    columns = matrix.tocsc()
    columns.sort_indices()
    counts = np.diff(columns.indptr)
    position = np.arange(columns.nnz) - np.repeat(columns.indptr[:-1], counts)
    keep = position < per_value
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

    @property
    def score(self) -> float:
        return sum(c.score for c in self.contributions)

    @property
    def chosen_by_editor(self) -> bool:
        return self.target.slug in self.source.related

    @property
    def position(self) -> int | None:
        return self.listed.index(self.target.slug) + 1 if self.target.slug in self.listed else None


def explain(records: Sequence[ArticleRecord], source: ArticleRecord, target: ArticleRecord,
            config: RelatedConfig = RelatedConfig()) -> Explanation:
    """The score of each signal between two records of one language, and the source's list."""
    corpus = _Corpus([r for r in records if r.lang == source.lang], config)
    a, b = corpus.rank[source.slug], corpus.rank[target.slug]
    signals = corpus.signals(a, b)
    contributions = tuple(
        Contribution(name, config.weights[name], similarity, tuple(shared))
        for name, (similarity, shared) in sorted(signals.items(), key=lambda item: list(DEFAULT_WEIGHTS).index(item[0]))
    )
    listed = tuple(corpus.records[r].slug for r in corpus.lists()[a])
    return Explanation(source, target, contributions, listed)
