"""The pieces of one entry of a list, by what each is rather than where it stands: its title (bold text, a link
that is not a label, the text before the first link), its year and venue (a date tag, ``(CVPR 2023)``,
``*ICML 2024*``, `` `arXiv 2019, ICLR 2020` ``, ``CVPR' 16``), and its authors (an ``Author(s):`` line, italic
names, a line of names, BibTeX's ``Surname, Given and …``).
"""

from __future__ import annotations

import re

from .links import classify_link, is_label
from .mdtree import Span, clean, links_in, plain

YEAR_RE = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d)(?![\d])")
# a year and perhaps its month and day ("2023.05", "2024-03-12", "2022/7"), all of it a date, none of it a venue
YEAR_MONTH_RE = re.compile(r"(?<![\d.])(?:19[5-9]\d|20\d\d)"
                           r"(?:[./-](?:0?[1-9]|1[0-2])(?:[./-](?:0?[1-9]|[12]\d|3[01]))?)?(?![\d])")
DATE_TAG_RE = re.compile(r"^\s*(?:[\[【(（]\s*([^\]】)）]{0,30}?)\s*[\]】)）])")
AUTHOR_LINE_RE = re.compile(r"^\s*\W*(?:authors?|author\(s\)|by|作者)\s*\W*\s*[:：]", re.I)
REMARK_RE = re.compile(r"\bRemark\s*:\s*(.+?)\s*$")
VENUE_WORDS = re.compile(
    r"\b(arxiv|neurips|nips|icml|iclr|cvpr|iccv|eccv|wacv|bmvc|acl|emnlp|naacl|eacl|coling|aaai|ijcai|kdd|www|"
    r"sigir|wsdm|cikm|recsys|icassp|interspeech|asru|slt|miccai|isbi|tmi|tpami|pami|jmlr|tmlr|tacl|tkde|tois|"
    r"tnnls|tip|ijcv|nature|science|cell|pnas|corl|rss|icra|iros|uai|aistats|colt|ecml|icdm|sdm|mlsys|osdi|"
    r"sosp|usenix|ndss|ccs|s&p|sp|chi|uist|mm|acm|ieee|springer|elsevier|journal|conference|workshop|"
    r"transactions|proceedings|symposium|letters|review|preprint|biorxiv|medrxiv|openreview|ssrn|tkde|tist|"
    r"findings|ijcnlp|lrec|naacl-hlt|siggraph|tog|cvpr[w]?|icme|icip|ismir|taslp|jasa|eusipco|semeval|colm|conll)\b",
    re.I)
MONTH_RE = re.compile(r"(?:\d{1,2}(?:st|nd|rd|th)?\s*)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
                      r"[a-z]*\.?,?(?:\s*\d{1,2}(?:st|nd|rd|th)?,?)?", re.I)
NAME_TOKEN_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ\u0100-\u017f][\w'’.\-À-ÿ\u0100-\u017f]*$")
NULLISH_RE = re.compile(r"^(?:n/?a|none|null|nil|tbd|tba|todo|to do|coming soon|soon|unknown|-+|–|—|\?+)$", re.I)
# What lists type as the apostrophe of a short year: ' and ’, and the ‘ and ´ that keyboards and autocorrect put
# there ("TKDE‘23", seen on XiaoxinHe/Awesome-Graph-LLM)
APOSTROPHES = "'’‘´"
SHORT_YEAR_TAIL_RE = re.compile(rf"[{APOSTROPHES}]\s?\d\d\b")  # "…'23"
SHORT_YEAR_RE = re.compile(rf"\b([A-Za-z][A-Za-z&-]{{1,15}})\s?[{APOSTROPHES}]\s?(\d{{2}})\b")
BRACKET_TAG_RE = re.compile(r"\[[^\[\]]{1,40}\]")
# A reference in the Harvard style many lists paste from Google Scholar: "Chandola, V., Banerjee, A. and Kumar, V.,
# 2009. Anomaly detection: A survey. *ACM computing surveys*, 41(3)" (authors as "Surname, I.", then the year,
# perhaps a month, then the title up to its full stop).
_SURNAME_INITIALS = r"[^\W\d_][\w'’\-]*(?: [^\W\d_][\w'’\-]*){0,2},\s*(?:[A-Z]\.\s*){1,3}"
HARVARD_RE = re.compile(
    rf"^\s*(?P<authors>{_SURNAME_INITIALS}(?:(?:,\s*|,?\s+and\s+|\s*&\s*){_SURNAME_INITIALS})*),?\s*"
    r"\(?(?P<year>(?:19|20)\d\d)\)?(?:,\s*[A-Z][a-z]+)?[.,]\s+(?P<title>.+?[?!]?)(?:\.\s|\.?$|\s,)")


def tidy_title(text: str) -> str:
    text = clean(text)
    text = re.sub(r"^\s*(?:\d{1,4}[.)]\s+|[-*•]\s+)", "", text)
    m = DATE_TAG_RE.match(text)
    while m and (YEAR_RE.search(m.group(1) or "") or re.fullmatch(r"\s*\d{1,4}\s*", m.group(1) or "")):
        text = text[m.end():]
        m = DATE_TAG_RE.match(text)
    # brackets a venue tag left empty: "(*NAACL'21*) Title" gives "() Title" once the tag is read as the venue, and
    # "(*arXiv 2024.02*)Large Language Model …" (no space after it) "()Large …": at the front, glued or not
    text = re.sub(r"^\s*[(\[（【]\s*[)\]）】]|(?<=\s)[(\[（【]\s*[)\]）】](?=\s|$)", " ", text).strip()
    text = text.strip(" \t.,;:-–—|/\\*_~`").rstrip(" ([{（【").lstrip(" )]}）】")
    if len(text) >= 2 and text[0] in "\"'“‘«「《" and text[-1] in "\"'”’»」》":
        text = text[1:-1].strip()
    return text


VENUE_TAG_RE = re.compile(rf"^[\[(（【]*\s*((?:[A-Za-z][A-Za-z&+.-]*\s*){{1,3}}?)\s*[{APOSTROPHES}]?\s*"
                          r"((?:19|20)?\d\d)"
                          r"\s*[\])）】]*$")


def is_venue_tag(text: str) -> bool:
    """Is ``text`` a venue and its year, as lists tag an entry ("WACV 2025", "ACM MM 2025", "[CVPR2023]",
    "NeurIPS'23"), rather than a title?"""
    m = VENUE_TAG_RE.match(clean(text))
    return bool(m and VENUE_WORDS.search(m.group(1))
                and (len(m.group(2)) == 4 or any(a in text for a in APOSTROPHES)))


def is_title(text: str) -> bool:
    """Could ``text`` be a paper's title (rather than a label, a venue tag, a URL, an author line or a number)?"""
    if not text or len(text) < 2 or not re.search(r"[^\W\d_]", text) or NULLISH_RE.match(text):
        return False
    if is_venue_tag(text):
        return False
    if re.match(r"^(?:https?://|www\.)", text, re.I) or is_label(text):
        return False
    if AUTHOR_LINE_RE.match(text) or re.fullmatch(r"(?:authors?|author\(s\)|key|keywords?|tags?|note|tl;?dr|"
                                                  r"expenv|openreview|venue|year|abstract)\s*:?", text, re.I):
        return False
    return True


def harvard_reference(text: str) -> tuple[tuple[str, ...], int, str] | None:
    """(authors as "I. Surname", year, title) of a Harvard-style reference, or None."""
    m = HARVARD_RE.match(text)
    if not m or not is_title(tidy_title(m.group("title"))):
        return None
    authors = tuple(f"{given.replace(' ', '')} {surname.strip()}" for surname, given in
                    re.findall(r"(?:^|,\s*|\band\s+|&\s*)([^,&]+?),\s*((?:[A-Z]\.\s*){1,3})", m.group("authors")))
    return tuple(a.strip() for a in authors), int(m.group("year")), tidy_title(m.group("title"))


def named_reference(spans: list[Span]) -> tuple[str, tuple[tuple[str, ...], int, str]] | None:
    """A bold short name before a Harvard-style reference (``**Isolation Forest**. Liu, F.T., …, 2008. Isolation
    forest. In *ICDM* …``): the name and the reference, whose title is the paper's."""
    text = plain(spans, links=False).strip()
    runs = strong_runs(spans)
    if not runs or not text.startswith(runs[0]):
        return None
    reference = harvard_reference(text[len(runs[0]):].lstrip(" .:：-–—|"))
    return (runs[0].strip(), reference) if reference else None


def reference_venue(spans: list[Span]) -> str | None:
    """The venue of a Harvard-style reference: the first italic text (``*ACM computing surveys*``), which such
    references give after the title; an author list in italics is not one."""
    for s in spans:
        if s.kind == "text" and s.em and s.text.strip() and not looks_like_authors(s.text):
            venue = re.sub(r"^(?:in|at)\s+", "", tidy_title(s.text), flags=re.I).strip(" ,.")
            if venue and len(venue.split()) <= 15:
                return venue
    return None


def title_candidate(spans: list[Span]) -> tuple[str | None, str]:
    """The title a line of spans gives, and how: ``strong``, ``link``, ``reference`` (a full Harvard-style
    reference, perhaps after a bold short name), ``plain`` or ``none``."""
    named = named_reference(spans)
    if named:
        return named[1][2], "reference"
    strong = [r for r in strong_runs(spans) if not BRACKET_TAG_RE.fullmatch(r)]
    link_titles = [(tidy_title(s.text), s) for s in links_in(spans) if not s.bare]
    link_titles = [(t, s) for t, s in link_titles if is_title(t)]
    strong = [t for t in strong if is_title(t)]
    if strong:
        best_strong = strong[0]
        if link_titles and len(link_titles[0][0].split()) > max(2, len(best_strong.split())):
            return link_titles[0][0], "link"
        return best_strong, "strong"
    before = []
    for s in spans:
        if s.kind in ("link", "break"):
            break
        if s.kind == "text" and not s.em and not s.code and not (s.strong and BRACKET_TAG_RE.fullmatch(s.text.strip())):
            before.append(s.text)
    reference = harvard_reference("".join(before))
    if reference:
        return reference[2], "reference"
    first = tidy_title(re.split(r"\s[-–—]\s|\s\|\s", "".join(before))[0])
    leading = first if first and is_title(first) else None
    if link_titles:
        text, link = link_titles[0]
        # a repository's name is no title when the text before the links is one: "**… OpenAI Q* (Q-Star): A Survey
        # …**, _Authors_ [[paper](arxiv…)][[AGI-survey](github…)]", whose bold the stray * turned into italics
        fallback = leading or _italic_title(spans)
        if not (fallback and len(fallback.split()) >= 4 and classify_link(link.text, link.href or "") == "code"):
            return text, "link"
        return fallback, "plain"
    if leading:
        return leading, "plain"
    # "- [[ICCV2023]](arxiv…) VAD: Vectorized Scene Representation …" (OpenDriveLab): a line that opens with a
    # tagged link names its paper after it
    opening = [s for s in spans if s.kind != "text" or s.text.strip(" []()")]
    if opening and opening[0].kind == "link" and not is_title(tidy_title(opening[0].text)):
        after = []
        for s in spans[spans.index(opening[0]) + 1:]:
            if s.kind in ("link", "break"):
                break
            if s.kind == "text" and not s.em and not s.code:
                after.append(s.text)
        text = tidy_title(re.split(r"\s[-–—]\s|\s\|\s", "".join(after))[0])
        if text and is_title(text) and len(text.split()) >= 2 and not looks_like_authors(text):
            return text, "plain"
    return None, "none"


TITLE_MAX = 300  # characters: a longer "title" is a paragraph the reader failed to split, reported, never written
WORDY = 25  # words: a cell or line longer than this holds a description beside its title
NUMBERING_RE = re.compile(r"^\s*(?:\d{1,4}[.)]|[-*•])\s+")
WIDE_GAP_RE = re.compile(r"[^\S\n]{2,}(?=\S)")
DASH_RE = re.compile(r"\s[-–—]\s")
# How a description begins, right after a title with no mark between them ("… in LLMs Introduces a unified …")
DESCRIPTION_OPENER_RE = re.compile(
    r"\s(?=(?:Introduces|Proposes|Presents|Proposed|Shows|Develops|Demonstrates|Explores|Investigates|"
    r"Describes|Releases|Provides|Leverages|Trains|Builds|Discusses|"
    r"(?:This|The|Our|A|An|New|Novel) (?:paper|work|survey|study|report|article|approach|framework|method|model|"
    r"authors|researchers|team)|It (?:introduces|proposes|presents|shows|is)|Researchers|Authors)\b)")
SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9)\]])[.!?]\s+(?=[A-Z])")


def lead_title(spans: list[Span]) -> str | None:
    """The title at the front of a cell or line that also holds a description: dair-ai/ML-Papers-of-the-Week's
    ``7) Magistral  Mistral introduces Magistral, …`` (a wide gap), ``1) **AlphaMissense** - an AI model …`` (a
    bold run), ``3) An Operating System for … in LLMs Introduces a unified …`` (a description's opening verb);
    else, in a long text, what stands before a dash or the first full stop. None when the text is all title, or
    nothing at its front reads as one."""
    lead: list[Span] = []
    for s in spans:
        if s.kind == "break":
            break
        lead.append(s)
    raw = "".join(s.text for s in lead if s.kind == "text" or (s.kind == "link" and not s.bare))
    body = NUMBERING_RE.sub("", raw, count=1).strip()
    wordy = len(body.split()) > WORDY or len(lead) < len(spans)
    strong = strong_runs(lead)
    if strong and clean(body).startswith(strong[0]) and is_title(strong[0]) and len(clean(body)) > len(strong[0]):
        return strong[0]
    # a dash followed by a lower-case word starts a description ("Foundations of LLMs - new survey on …"), when
    # what follows is long enough to be one ("… Recsys - the Industry Perspectives" is a subtitle)
    dash = re.search(r"\s[-–—]\s(?=[a-z])", body)
    cuts = [m for m in (WIDE_GAP_RE.search(body), dash if dash and len(body[dash.end():].split()) >= 8 else None)
            if m]
    if wordy:
        cuts += [m for m in (DESCRIPTION_OPENER_RE.search(body), DASH_RE.search(body), SENTENCE_END_RE.search(body))
                 if m]
    for cut in sorted(cuts, key=lambda m: m.start()):
        head, tail = body[: cut.start()], body[cut.end():]
        title = tidy_title(head)
        if len(tail.split()) >= 3 and title and is_title(title) and len(title.split()) <= WORDY \
                and (cut.re is not DESCRIPTION_OPENER_RE or len(title.split()) >= 2):
            return title
    return None


def _italic_title(spans: list[Span]) -> str | None:
    """Italic text before the first link that reads as a title, not as authors."""
    runs: list[str] = [""]  # consecutive italic spans, one run each
    for s in spans:
        if s.kind in ("link", "break"):
            break
        if s.kind == "text" and s.em:
            runs[-1] += s.text
        elif runs[-1]:
            runs.append("")
    titles = [tidy_title(r) for r in runs if r and not looks_like_authors(r)]
    return next((t for t in titles if t and is_title(t)), None)


def bracket_tags(spans: list[Span]) -> list[str]:
    """Bold tags in brackets before a title, ``**[R-CNN]**``: a short name (the remark) or a venue."""
    return [r[1:-1].strip() for r in _strong_runs_raw(spans) if BRACKET_TAG_RE.fullmatch(r)]


def _strong_runs_raw(spans: list[Span]) -> list[str]:
    return [" ".join("".join(s.text for s in group).split()) for group in _strong_groups(spans)]


def _strong_groups(spans: list[Span]) -> list[list[Span]]:
    groups, current = [], []
    for s in spans:
        if s.kind == "text" and s.strong:
            current.append(s)
        else:
            if current:
                groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def strong_runs(spans: list[Span]) -> list[str]:
    runs, current = [], []
    for s in spans:
        if s.kind == "text" and s.strong or (s.kind == "link" and s.strong and not s.bare and not is_label(s.text)):
            current.append(s.text)
        elif s.kind == "text" and not s.text.strip() and current:
            current.append(s.text)
        else:
            if current:
                runs.append(tidy_title("".join(current)))
            current = []
    if current:
        runs.append(tidy_title("".join(current)))
    return [r for r in runs if r]


def strip_venue_suffix(title: str) -> str:
    """``Title (AAAI 2023)`` → ``Title``: a venue and year written inside the bold title are not part of it."""
    m = re.search(r"\s*[(\[]([^()\[\]]{0,60}\b(?:19|20)\d\d\b[^()\[\]]{0,20})[)\]]\s*\.?$", title)
    if m and len(title[: m.start()].split()) >= 2:
        return title[: m.start()].rstrip(" .,;:-")
    return title


# what a page's own title adds around a paper's when a list pastes it: "[2407.02646] Title", "Title - arXiv.org",
# "Title | OpenReview", "Title - ACL Anthology"
PAGE_ID_PREFIX_RE = re.compile(r"^\[(?:arxiv:\s*)?\d{4}\.\d{4,5}(?:v\d+)?\]\s*", re.I)
PAGE_SITE_SUFFIX_RE = re.compile(r"\s+[-|–—]\s+(?:arxiv(?:\.org)?|openreview(?:\.net)?|acl anthology|semantic scholar|"
                                 r"ieee xplore|sciencedirect|papers with code|hugging ?face(?: papers)?|"
                                 r"researchgate|google scholar)\s*$", re.I)


def page_title(title: str) -> str:
    """A paper's title without its page's furniture (:data:`PAGE_ID_PREFIX_RE`, :data:`PAGE_SITE_SUFFIX_RE`)."""
    bare = PAGE_SITE_SUFFIX_RE.sub("", PAGE_ID_PREFIX_RE.sub("", title))
    return bare if len(bare.split()) >= 2 else title


def venue_ok(venue: str) -> bool:
    if MONTH_RE.fullmatch(venue) or NULLISH_RE.match(venue):
        return False
    return 1 <= len(venue) <= 80 and not is_label(venue) or bool(VENUE_WORDS.search(venue))


def is_date_text(text: str) -> bool:
    """A date ("2023/10", "07th Aug., 2025", "May 2024"), not a venue and its year ("IV2022", "PR 2022": the
    Intelligent Vehicles Symposium, Pattern Recognition)."""
    words = re.sub(r"\d+(?:st|nd|rd|th)?|[^\w]|_", " ", text).split()
    return all(MONTH_RE.fullmatch(w) for w in words)


LABEL_RE = re.compile(r"^\s*([A-Za-z][\w -]{0,19}):\s")


def labelled_note(piece: str) -> bool:
    """"OpenReview: 8, 6, 6", "ExpEnv: 2048 game", "Key: …": a note under its label, not a venue (but "Venue: ICLR
    2022" and "Findings of ACL: EMNLP 2021" are venues)."""
    m = LABEL_RE.match(piece)
    if m is None:
        return False
    label = m.group(1)
    return not re.search(r"\b(?:venue|published|publication|accepted)\b", label, re.I) \
        and not (VENUE_WORDS.search(label) and not re.fullmatch(r"\s*openreview\s*", label, re.I))


def venue_year(spans: list[Span], title: str | None) -> tuple[str | None, int | None, str | None]:
    """Year and venue from the text of an entry other than its title, links and authors."""
    text_parts: list[str] = []
    pieces: list[tuple[str, str]] = []  # (how, text): code, em, paren, bracket, plain
    date_year = None
    for s in spans:
        if s.kind == "text":
            text_parts.append(s.text)
            if s.code and s.text.strip():
                pieces.append(("code", s.text))
                text_parts[-1] = " \x01 "  # `tag` or `Venue YEAR`: a piece of its own, never run into the text
            elif s.em and s.text.strip():
                pieces.append(("em", s.text))
                if looks_like_authors(YEAR_RE.sub("", s.text)):
                    text_parts[-1] = " \x01 "  # *Authors*: not venue text
            elif s.strong:
                text_parts[-1] = " \x00 " if title and tidy_title(s.text) and tidy_title(s.text) in title else s.text
        elif s.kind == "link":
            if not s.bare and title and page_title(tidy_title(s.text)) == title:
                text_parts.append(" \x00 ")
            elif not s.bare and is_venue_tag(s.text):  # "[[CVPR2023]](arxiv…)": the link's own text
                text_parts.append(f" [{clean(s.text).strip('[]()（）【】 ')}] ")
            elif not s.bare and re.search(r"\d{4}", s.text) and not is_label(re.sub(r"\d{4}", "", s.text)):
                text_parts.append(f" [{s.text}] ")
            else:
                text_parts.append(" \x01 ")
        elif s.kind == "break":
            text_parts.append(" \x01 ")
    text = "".join(text_parts)
    if title:
        text = text.replace(title, " \x00 ", 1)
    text = SHORT_YEAR_RE.sub(_expand_short_year, text)
    # a leading date tag: [2023/10], 【2024-05】, [07th Aug., 2025]
    m = DATE_TAG_RE.match(clean(text.replace("\x00", " ").replace("\x01", " ")))
    tag_year = YEAR_RE.search(m.group(1) or "") if m else None
    if m and tag_year and len(m.group(1)) <= 20 and not VENUE_WORDS.search(m.group(1)) and is_date_text(m.group(1)):
        date_year = int(tag_year.group(1))
    remark = REMARK_RE.search(text)
    if remark:
        text = text[: remark.start()]
    for m in re.finditer(r"\(([^()]{1,80})\)", text):
        pieces.append(("paren", m.group(1)))
    for m in re.finditer(r"[\[【]([^\[\]【】]{1,80})[\]】]", text):
        pieces.append(("bracket", m.group(1)))
    # plain pieces: what is left outside *authors*, links and the title, split at commas, full stops and dashes
    outside = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)
    for chunk in re.split(r"[\x00\x01]", outside):
        if looks_like_authors(chunk) and not YEAR_RE.search(chunk) and not any(
                canonical_venue(p.strip()).casefold() in CANONICAL_VENUES for p in chunk.split(",")):
            continue  # "Qinghua Liu, Tiancheng Yu, Yu Bai, Chi Jin": people, not the CHI conference
        for piece in re.split(r",|(?<![A-Z])\.(?:\s|$)|\s[-–—|]\s", chunk):
            if piece.strip():
                pieces.append(("plain", piece))
    em_texts = {p for how, p in pieces if how == "em"}
    order = {"code": 0, "paren": 1, "em": 2, "bracket": 3, "plain": 4}
    with_year = [(order[how], n, how, p) for n, (how, p) in enumerate(pieces) if YEAR_RE.search(p)
                 and not (how == "em" and looks_like_authors(p)) and not labelled_note(p)]
    year = date_year
    venue = None
    if with_year:
        with_year.sort()
        _, n, how, piece = with_year[0]
        years = YEAR_RE.findall(piece)
        if len(years) > 1 and re.search(r"[,;]", piece):  # "arXiv 2019, ICLR 2020": where it was published
            piece = next(p for p in reversed(re.split(r"[,;]", piece)) if years[-1] in p)
        if not (how == "bracket" and date_year is not None and YEAR_RE.search(piece)
                and str(date_year) in piece and DATE_TAG_RE.match(f"[{piece}]") and not VENUE_WORDS.search(piece)):
            year = int(years[-1])  # the venue's year, over a date tag (which is when it appeared)
        rest = trim_venue(tidy_title(YEAR_MONTH_RE.sub(" ", piece)))  # "arXiv 2023.05": arXiv
        rest = re.sub(r"^(?:in|at|accepted (?:by|at|to)|published (?:in|at))\s+", "", rest, flags=re.I)
        if how == "bracket" and DATE_TAG_RE.match(f"[{piece}]") and year == date_year and \
                not VENUE_WORDS.search(piece) and is_date_text(piece):
            rest = ""
        if rest and len(rest.split()) <= 8 and not looks_like_authors(rest) and \
                not MONTH_RE.fullmatch(rest) and \
                not re.fullmatch(r"[\d/.\-\s]+", rest):
            venue = rest
        elif how == "plain":
            for j in (n + 1, n - 1):  # the seed's "Title , 2024 , Venue" and "…, CVPR , 2016"
                if 0 <= j < len(pieces) and pieces[j][0] == "plain":
                    cand = tidy_title(pieces[j][1]).strip(" ,-()`")
                    if cand and not YEAR_RE.search(cand) and len(cand.split()) <= 6 and \
                            not looks_like_authors(cand):
                        venue = cand
                        break
        elif how == "bracket":
            for how2, p in pieces:
                if how2 == "bracket" and p != piece and YEAR_RE.search(p):
                    cand = tidy_title(YEAR_RE.sub(" ", p)).strip(" ,-()`")
                    if cand and len(cand.split()) <= 8:
                        venue = cand
                        break
    if venue is None:
        named = [p for how, p in pieces if how in ("code", "em", "plain") and VENUE_WORDS.search(p)
                 and len(p.split()) <= 6 and not looks_like_authors(p) and not (title and p.strip() in title)
                 and not labelled_note(p)]
        if named:
            venue = trim_venue(tidy_title(named[0])) or None
        elif not with_year:
            # the seed's "**Title** , Venue [[paper](…)]" with the year missing
            plain_pieces = [tidy_title(p).strip(" -()`") for how, p in pieces if how == "plain"]
            plain_pieces = [p for p in plain_pieces if p]
            if plain_pieces and len(plain_pieces[0].split()) <= 3 and not looks_like_authors(plain_pieces[0]) \
                    and "," in text.split("\x00")[-1][:4] and not em_texts:
                venue = plain_pieces[0]
    if venue is not None and (not venue_ok(venue) or venue == title):
        venue = None
    return None, year, canonical_venue(venue) if venue else None


# how the venues lists name in every case are spelt ("NIPS", "Neurips" and "neurips" are NeurIPS)
CANONICAL_VENUES = {v.casefold(): v for v in (
    "arXiv", "NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "WACV", "BMVC", "ACL", "EMNLP", "NAACL", "EACL",
    "COLING", "AAAI", "IJCAI", "KDD", "WWW", "SIGIR", "WSDM", "CIKM", "RecSys", "ICASSP", "Interspeech", "ASRU",
    "SLT", "MICCAI", "ISBI", "TPAMI", "JMLR", "TMLR", "TACL", "CoRL", "RSS", "ICRA", "IROS", "UAI", "AISTATS",
    "COLT", "ICDM", "MLSys", "CHI", "UIST", "SIGGRAPH", "ICME", "ICIP", "ISMIR", "TASLP", "CVPRW", "ICCVW",
    "ECCVW", "bioRxiv", "medRxiv", "OpenReview", "SemEval", "COLM", "CoNLL")}
CANONICAL_VENUES.update({"nips": "NeurIPS", "neurlps": "NeurIPS", "neural information processing systems": "NeurIPS"})


# a known venue's name run into the next word: "NeurIPSDataset", "ICCVWorkshop", "SIGGRAPHAsia"
_KNOWN_VENUES = "|".join(sorted((re.escape(v) for v in CANONICAL_VENUES.values()), key=len, reverse=True))
GLUED_VENUE_RE = re.compile(rf"^({_KNOWN_VENUES})(?=(?-i:[A-Z][a-z]))", re.I)


def canonical_venue(venue: str) -> str:
    """One spelling per venue, without a section's wording around it ("Papers at CVPR", "ICCV Papers": CVPR, ICCV),
    an author's initial before it ("Grauman, K. NeurIPS (2022)": NeurIPS) or a word run into it ("NeurIPSDataset":
    NeurIPS Dataset)."""
    venue = " ".join(venue.split())
    venue = re.sub(r"^(?:accepted\s+)?papers?\s+(?:at|in|of|from)\s+|\s+(?:accepted\s+)?papers?$", "", venue,
                   flags=re.I) or venue
    # how it was presented is no part of the venue: "ICLR Oral", "NeurIPS (Spotlight)", "NAACL Best Paper"
    venue = re.sub(r"[\s,(\[-]+(?:oral|poster|spotlight|highlight|best\s+paper(?:\s+award)?|outstanding\s+paper"
                   r"(?:\s+award)?)[)\]]?$", "", venue, flags=re.I) or venue
    initial = re.fullmatch(r"(?:[A-Z]\.\s*)+\(?([^()]+?)\)?", venue)  # "Grauman, K. (ECCV 2022)"
    if initial and initial.group(1).casefold() in CANONICAL_VENUES:
        venue = initial.group(1)
    glued = GLUED_VENUE_RE.match(venue)
    if glued and venue.casefold() not in CANONICAL_VENUES:
        name = glued.group(1)
        venue = f"{CANONICAL_VENUES.get(name.casefold(), name)} {venue[glued.end():]}"
    return CANONICAL_VENUES.get(venue.casefold(), venue)


def trim_venue(text: str) -> str:
    """A venue's text without the punctuation around it, keeping a closing bracket that belongs to it ("ACM
    Transactions on Information Systems (TOIS)")."""
    trimmed = text.strip(" ,-()`'’/")
    if trimmed.count("(") > trimmed.count(")") and text.rstrip(" ,-`'’/").endswith(")"):
        trimmed += ")"
    return trimmed


def _expand_short_year(m: re.Match) -> str:
    """``CVPR' 14`` → ``CVPR 2014``; ``NIPS'99`` → ``NIPS 1999``."""
    yy = int(m.group(2))
    return f"{m.group(1)} {2000 + yy if yy <= 40 else 1900 + yy}"


def looks_like_authors(text: str) -> bool:
    """A list of people's names: ``A Oord et al``, ``Doe, J., Roe, R.``, ``Jane Doe, John Roe and Ann Lee``."""
    text = text.strip()
    if re.match(r"^[\w\s()-]{1,20}[:：]", text) and not AUTHOR_LINE_RE.match(text):
        return False  # "Key: …", "ExpEnv: …": a labelled note, not names
    if re.search(r"\bet al\b", text):
        return True
    if text.count(",") >= 2 and not re.search(r"\d", text):
        tokens = [w for w in re.split(r"[\s,;&]+", text) if w and w.lower() not in ("and", "...", "…")]
        capital = sum(1 for w in tokens if w[:1].isupper())
        if tokens and capital >= 0.7 * len(tokens):
            return True
    words = [w for w in re.split(r"[\s,;&]+|\band\b", text) if w]
    if len(words) >= 2 and "," in text and all(NAME_TOKEN_RE.match(w) for w in words) and \
            not VENUE_WORDS.search(text):
        return True
    return False


def split_authors(text: str) -> tuple[str, ...]:
    text = re.sub(r"^\W*(?:authors?|author\(s\)|by)\s*\W*[:：]\s*", "", clean(text), flags=re.I).strip(" .;")
    if not text or len(text) > 2000:
        return ()
    if len(re.findall(r"\sand\s", text)) >= 1 and all(p.count(",") == 1 for p in re.split(r"\sand\s", text)
                                                       if "others" not in p):
        # BibTeX style: "Scarselli, Franco and Gori, Marco and others"
        names = [p.strip(" .*") for p in re.split(r"\sand\s", text)]
        return tuple(" ".join(reversed([x.strip() for x in n.split(",", 1)])) for n in names
                     if n and n != "others")[:100]
    sep = ";" if ";" in text else ","
    parts = [p.strip(" .*") for p in re.split(rf"{sep}|\band\b|&", text)]
    parts = [p for p in parts if p]
    if any(re.fullmatch(r"(?:[A-Z]\.\s?)+[A-Z]?\.?", p) for p in parts):  # "Mo, S., Tian, Y." → pairs
        paired, i = [], 0
        while i < len(parts):
            if i + 1 < len(parts) and re.fullmatch(r"(?:[A-Z]\.\s?-?)+[A-Z]?\.?", parts[i + 1]):
                paired.append(f"{parts[i]}, {parts[i + 1]}")
                i += 2
            else:
                paired.append(parts[i])
                i += 1
        parts = paired
    parts = [re.sub(r"\s*\(.*$", "", p).strip() for p in parts]
    parts = [p for p in parts if p and p not in ("...", "…", "et al") and len(p) <= 80 and re.search(r"[^\W\d_]", p)]
    return tuple(parts[:100])


def authors_of(segments: list[list[Span]], title: str) -> tuple[str, ...]:
    """Authors where the entry marks them: an ``Author(s):`` line, italic names, a Harvard-style reference's
    "Surname, I." list, or a line of names."""
    for seg in segments:
        named = named_reference(seg)
        reference = named[1] if named else harvard_reference(plain(seg, links=False))
        if reference and reference[2] == title:
            return reference[0]
    for seg in segments:
        text = plain(seg, links=False)
        if AUTHOR_LINE_RE.match(text):
            return split_authors(text)
    for seg in segments:
        for s in seg:
            if s.kind == "text" and s.em and looks_like_authors(YEAR_RE.sub("", s.text)):
                return split_authors(s.text)
    for seg in segments[1:]:
        if links_in(seg):
            continue
        core = re.sub(r"\([^()]*\)|\*", "", plain(seg)).strip(" .")
        if core and looks_like_authors(core) and core not in title:
            return split_authors(core)
    return ()
