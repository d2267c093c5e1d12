"""Nynorsk and bokmål spellings of the domain's words, and how a query word is widened.

The hospitals write nynorsk, many municipalities bokmål (DOMAIN.md §6, språklova), so a
search for "tenesteavtale" must also find "tjenesteavtale" and the other way round. The
pairs below are the glossary of DOMAIN.md as data: (nynorsk, bokmål). A pair matches
anywhere in a word, so "tenest"/"tjenest" also covers "kommunehelsetenesta" and
"tenesteavtalar"; "^" pins a side to the start of the word, "$" to its end
("fagleg"/"faglig", "offentleg"/"offentlig").

A query word becomes every spelling the pairs give, each cut back to a stem (the common
inflection endings off) and matched as a prefix: "avtale" → avtal* finds avtalen,
avtalar and avtaler. That is the whole "stemming": PostgreSQL's Norwegian dictionary knows
only bokmål, so the search uses the language-neutral 'simple' configuration and these rules.
"""

import re

PAIRS = [
    # The services and the health community's bodies
    ("tenest", "tjenest"),  # teneste, tenesteavtale, kommunehelsetenesta, spesialisthelsetenesta
    ("utval", "utvalg"),  # utval, samarbeidsutval, samhandlingsutval, områdeutval, underutval
    ("sjukehus", "sykehus"),
    ("^sjuk", "^syk"),  # sjukepleiar, sjukdom
    ("føretak", "foretak"),  # helseføretak
    ("førebygg", "forebygg"),
    ("partnar", "partner"),  # partnarskapsmøte
    ("helsefellesskap", "helsefellesskap"),
    # People and roles
    ("brukar", "bruker"),  # brukarrepresentant, brukarorganisasjon
    ("tilsett", "ansatt"),
    ("leiar", "leder"),  # leiar, nestleiar, møteleiar, innleiar
    ("tillitsvald", "tillitsvalgt"),
    ("deltakar", "deltaker"),
    ("statsforvaltar", "statsforvalter"),
    # Meetings and cases
    ("møtestad", "møtested"),
    ("stades", "stede"),  # til stades / til stede
    ("samansetjing", "sammensetning"),
    ("^saman", "^sammen"),
    ("utsett", "utsatt"),
    ("unnatek", "unntat"),  # unnateke / unntatt (offentlegheit)
    ("offentlegheit", "offentlighet"),
    ("vedtek", "vedtat"),  # vedteke, vedteken / vedtatt
    ("godkjend", "godkjent"),
    ("høyring", "høring"),
    ("utskriving", "utskrivning"),
    ("forseink", "forsink"),
    ("overordna", "overordnet"),
    ("oppgåve", "oppgave"),
    ("meistring", "mestring"),
    ("leg$", "lig$"),  # fagleg, personleg, offentleg, tilgjengeleg
    # Small words
    ("^ikkje$", "^ikke$"),
    ("^frå$", "^fra$"),
]

# Inflection endings cut off before prefix matching, longest first ("avtalane" → "avtal");
# the first that leaves a long enough stem is cut: "møter" → "møte", not "møt".
ENDINGS = ("ane", "ene", "ar", "er", "en", "et", "a", "e", "r", "t", "n")
MIN_STEM = 4
MIN_PREFIX = 3  # shorter words ("og", "7") must match whole
# Words that pairs pin at both ends match whole: "fra" must not find "framtid".
WHOLE_WORDS = {
    side.strip("^$")
    for pair in PAIRS
    for side in pair
    if side.startswith("^") and side.endswith("$")
}
MAX_WORDS = 10  # a longer query is cut here: each word is a group in the database query

# The words of a text or query: letters and digits, and case numbers such as 05/26 whole
# (PostgreSQL's parser keeps "05/26" as one token too).
WORD = re.compile(r"\d+/\d+|[^\W_]+")


def words(text):
    """The lower-cased words of `text`, as the search sees them."""
    return WORD.findall(text.casefold())


def _side(pattern):
    return pattern.strip("^$"), pattern.startswith("^"), pattern.endswith("$")


def _swap(word, source, target):
    """`word` with `source` replaced by `target` (honouring ^ and $), or None."""
    core, at_start, at_end = _side(source)
    new, _, _ = _side(target)
    if at_start and at_end:
        return new if word == core else None
    if at_start:
        return new + word[len(core) :] if word.startswith(core) else None
    if at_end:
        return word[: -len(core)] + new if word.endswith(core) else None
    if core not in word:
        return None
    longer = _side(target)[0]
    if core in longer and longer in word:
        return None  # "utvalg" already is the other spelling of "utval"
    return word.replace(core, new)


def spellings(word):
    """`word` and its other spellings: {"tenesteavtale", "tjenesteavtale"}."""
    forms = {word}
    for nynorsk, bokmal in PAIRS:
        for source, target in ((nynorsk, bokmal), (bokmal, nynorsk)):
            for form in list(forms):
                other = _swap(form, source, target)
                if other:
                    forms.add(other)
    return forms


def stem(word):
    """`word` without one inflection ending, if enough of it is left."""
    if not word.isalpha():
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def variants(word):
    """What one query word matches: [(term, is_prefix)], shortest first, none redundant.

    "tenesteavtalen" → [("tenesteavtal", True), ("tjenesteavtal", True)].
    """
    stemmed = stem(word)
    terms = {stem(form) for form in spellings(word)} | spellings(stemmed)
    prefixes = {
        t for t in terms if len(t) >= MIN_PREFIX and not t.isdigit() and t not in WHOLE_WORDS
    }
    wholes = terms - prefixes
    kept = [
        t for t in prefixes if not any(p != t and t.startswith(p) for p in prefixes)
    ]  # "avtal*" covers "avtale*"
    kept_wholes = [w for w in wholes if not any(w.startswith(p) for p in kept)]
    result = [(t, True) for t in kept] + [(w, False) for w in kept_wholes]
    return sorted(result, key=lambda term: (len(term[0]), term[0]))


def parse(query):
    """The query as groups, one per word (all must match), each a list of variants (any)."""
    seen, groups = set(), []
    for word in words(query):
        if word not in seen:
            seen.add(word)
            groups.append(variants(word))
    return groups[:MAX_WORDS]
