"""Streaming story clustering: each arriving article joins a story or opens a new one.

How it works
------------
* Every article becomes three L2-normalised TF-IDF vectors (see `storyfold.features`):
  *words* (stemmed content words), *names* (spelling-tolerant name keys) and *facts*
  (numbers and dates). Document frequencies are kept incrementally.
* A story keeps the sum of its members' vectors (its centroid, unnormalised) and the
  squared norm of that sum, updated in O(|article|) when a member joins or leaves.
* Similarity of an article (or a story) to a story = the mean over channels of the
  centroid cosine. Numbers and dates weigh as much as words and names: two earthquakes
  share every word of an earthquake report but not the magnitude, the toll or the date.
  A channel empty on either side is left out of the mean rather than counted as 0.
* Facts alone make no story: when two or more of the direct channels are present on both
  sides but neither words nor names reach a cosine of AGREE_MIN, the similarity counts
  ONE_KIND times its value (article to story, story to story, article to article for
  neighbour lists and split graphs). List numbers and years alone do not make two pages
  one story.
* Names must meet where both sides name enough: when both hold NAMES_HELD name keys or
  more, the names cosine must itself reach AGREE_MIN, and an article must share
  NAMES_SHARED of its name keys with the story it joins (ONE_KIND otherwise). Pages on one
  subject share words; reports of one event share the people and places they name.
* Bars are pairwise similarities turned into the centroid cosine expected for the group
  sizes compared (`expected_cosine`): a centroid cosine grows with story size as noise
  averages out, so a fixed bar would be strict for a story's second article and lax for
  its fiftieth. Without refinement the attach bar is held at its five-article value
  instead (nothing can undo an early wrong pairing).
* A fourth channel, shared neighbours (`snn_weight` > 0; `cluster_articles` turns it on,
  a plain `StoryClusterer` leaves it off because in an endless stream it did not pay for
  its cost): an article's profile is {itself: 1, each of its nearest articles that could
  join its story (pairwise similarity THRESHOLD or more): similarity}, a story keeps
  the sum of its members' profiles, and the profile cosine joins the mean. Articles of
  one incident share neighbours even where their own words overlap little. With
  refinement each held article keeps its NEIGHBOURS nearest held articles (an
  article-level index, bounded per arrival, symmetric updates) and `settle` recomputes
  them over the whole batch; without refinement `cluster_articles` computes them over
  the whole batch before the first placement (`batch_profiles`).
* Candidate stories come from an inverted index over salient features (the highest
  TF-IDF features of each member, by channel). Posting lists are capped: a feature whose
  list fills up is a *stop-feature*, neither queried nor extended, so one arrival costs
  about the same however many stories exist. A stop-feature is indexed again once it was
  stopped longer ago than the horizons below: what is common in one period (a name in
  every story of a busy week) can be rare and telling again later.
* Time window: when both the article and a story have dates, a story whose date range is
  more than `window_days` away is no candidate; stories that fall two windows behind the
  stream's date are retired. The stream's date is the newest date seen, except that a jump
  of more than a window waits for a second article, so one article dated years ahead
  cannot retire every live story. Undated articles match any live story; for retirement an
  undated article counts as of the stream's date when it arrived, so in a dated stream it
  leaves with the articles of its time. Any story, dated or not, that has received no
  article in the last `idle_arrivals` arrivals (IDLE_ARRIVALS, 50,000) is retired too:
  the bound for undated streams.
* A story still being fed (a running topic) loses its members one by one as they pass the
  same horizons (dated two windows behind the stream's date, or arrived `idle_arrivals`
  ago): they leave its centroid, profile sum and indexes but their ids stay in its group,
  through merges, splits (with the part that keeps the story id) and its retirement. A
  story retires as a whole when every member has aged out; its centroid, window and
  refinement follow its recent coverage. Checked by the same scans, so amortised O(1).
* Retiring a story (or peeling a member) releases its members' vectors, its centroid,
  its postings in both indexes and, for articles that counted themselves into the document
  frequencies (`add_features(count_df=True)`, what a plain stream does), their counts:
  entries that reach 0 are deleted. So in a stream IDF is over the articles held in the
  window, and nothing kept grows with the whole stream except the retired ids (the result).
  A batch (`cluster_articles`) primes the frequencies with the whole batch and keeps them.

Refinement (``refine=True``)
---------------------------
After each arrival only the stories it touched are re-checked, at bounded cost:
* **merge**: the story the article joined is compared, story centroid to story centroid,
  with the other candidates the article nearly joined (3/4 of the bar or more); whole
  stories are far more reliable evidence than one article, so two halves of a story
  opened by an unlucky order meet again.
* **split**: each time a story has doubled since its last check (amortised O(1) checks
  per arrival), its members are re-scored against the rest of the story (leave-one-out);
  a member that fits the rest less than the merge bar asks is offered its best other
  story and moves when it fits that one better (fit = similarity over the bar for the
  story's size: an article that joined early, before the story of its own incident
  existed, goes home once that story has grown) or leaves when it fits nothing; and the
  story is bisected (a normalised spectral cut of its members' similarity graph, 6 to
  SPLIT_MAX_MEMBERS members) and split when its two halves are less alike than the split
  bar. (With ALWAYS_BISECT off the bisection is skipped when every member fits the rest at
  the merge bar; near-copies vouching for each other pass that test while glued.)
* **settle** (`StoryClusterer.settle`, run by `cluster_articles` once a batch has ended):
  stories of SETTLE_MERGE_MIN members or more whose centroids clear the attach bar for
  their sizes are joined (halves of one story that no arrival compared), then the same
  re-placement for every held article (lone ones included), a k-means style
  pass over live stories repeated until nothing moves; with the neighbour channel, the
  neighbour lists are first recomputed over the whole batch. In a stream (articles that
  counted their own document frequencies) a settle first re-weighs every held article
  with the frequencies as they are now (REWEIGH; the first arrivals were weighed against
  a handful of documents) and borrows the neighbour channel for the read point
  (SETTLE_NEIGHBOURS), so a read point is placed as a batch of the held articles would.

Partitioning (for parallel or sharded use)
------------------------------------------
Memory is linear in the articles held in the window: per article three vectors of at
most `VECTOR_SIZE` entries plus its share of its story's centroid and index postings, the
list of its counted feature keys (~120, shared strings) and their document-frequency
entries (and, with the neighbour channel, a merged vector, a profile of NEIGHBOURS entries
and at most TOP_FEATURES article-index entries). Measured on the dated 50k-article bench
stream (`bench/bench_cluster.py`): what is held is the same at 25k and at 50k articles
(a few hundred articles, a few thousand DF entries; see bench/README.md), and a story fed
every day for 30 windows holds two windows of members (bench "running topic").

Candidate generation and scoring only read (a) stories whose date range lies within the
window of the article and (b) posting lists of the article's own salient features. A
batch can therefore be sharded by time (`storyfold.shards.cluster_sharded`): partitioned
by `published` into windows that overlap by two `window_days`, each clustered on its own
(in parallel processes), stories that share an article in an overlap joined. Within a
window, the index can be split by feature hash: each shard owns the posting lists of its
features and returns (story, partial score) pairs that the coordinator sums to rank
candidates; scoring then needs only the candidates' centroids. Document frequencies are
additive counts and can be merged across shards (and, as in one stream, subtracted when a
shard retires a story).
"""
from storyfold.cluster.batch import cluster_articles
from storyfold.cluster.clusterer import StoryClusterer
from storyfold.cluster.config import (
    AGREE_MIN,
    ALWAYS_BISECT,
    BATCH_NEIGHBOURS,
    BATCH_SNN_WEIGHT,
    CLOCK_SPAN,
    DOC_POSTINGS,
    GATE_PAIRS,
    IDLE_ARRIVALS,
    MAX_CANDIDATES,
    MAX_POSTINGS,
    MERGE_CANDIDATES,
    MERGE_THRESHOLD,
    NAMES_HELD,
    NAMES_SHARED,
    NEIGHBOUR_SCORED,
    NEIGHBOURS,
    ONE_KIND,
    REWEIGH,
    SETTLE_MERGE_MIN,
    SETTLE_NEIGHBOURS,
    SETTLE_ROUNDS,
    SNN_WEIGHT,
    SPLIT_GROWTH,
    SPLIT_MAX_MEMBERS,
    SPLIT_THRESHOLD,
    THRESHOLD,
    TOP_FEATURES,
    VECTOR_SIZE,
    WEIGHTS,
    WINDOW_DAYS,
    ClusterConfig,
)
from storyfold.cluster.model import Vec, _Doc, _Story
from storyfold.cluster.neighbours import _nearest_profiles, batch_profiles
from storyfold.cluster.refine import spectral_cut
from storyfold.cluster.scoring import (
    _set_profile,
    _shadow,
    combine,
    expected_cosine,
)

__all__ = [
    "AGREE_MIN",
    "ALWAYS_BISECT",
    "BATCH_NEIGHBOURS",
    "BATCH_SNN_WEIGHT",
    "CLOCK_SPAN",
    "DOC_POSTINGS",
    "GATE_PAIRS",
    "IDLE_ARRIVALS",
    "MAX_CANDIDATES",
    "MAX_POSTINGS",
    "MERGE_CANDIDATES",
    "MERGE_THRESHOLD",
    "NAMES_HELD",
    "NAMES_SHARED",
    "NEIGHBOURS",
    "NEIGHBOUR_SCORED",
    "ONE_KIND",
    "REWEIGH",
    "SETTLE_MERGE_MIN",
    "SETTLE_NEIGHBOURS",
    "SETTLE_ROUNDS",
    "SNN_WEIGHT",
    "SPLIT_GROWTH",
    "SPLIT_MAX_MEMBERS",
    "SPLIT_THRESHOLD",
    "THRESHOLD",
    "TOP_FEATURES",
    "VECTOR_SIZE",
    "WEIGHTS",
    "WINDOW_DAYS",
    "ClusterConfig",
    "StoryClusterer",
    "Vec",
    "_Doc",
    "_Story",
    "_nearest_profiles",
    "_set_profile",
    "_shadow",
    "batch_profiles",
    "cluster_articles",
    "combine",
    "expected_cosine",
    "spectral_cut",
]
