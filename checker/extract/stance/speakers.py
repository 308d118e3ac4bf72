"""What a predicate is said of, and whose words it is: the subject (the request, medical
necessity, the UR decision), attribution, modality, generic statements and history."""
from __future__ import annotations

from checker.extract.stance.clauses import find_predicates, guideline_says, same_clause
from checker.extract.stance.words import FRAGMENT, PUNCTUATION, Predicate, Role, Sentence, function_words

SUBJECTS = ("subject_review_decision", "subject_request", "subject_guideline", "subject_person", "subject_reviewer")


def subject_of(read: Sentence, predicate: Predicate) -> str | None:
    """What the predicate is said of: the UR decision if its stretch of the clause names it
    ("The claims administrator's denial is supported"), else the first subject word there
    ("The request for PT after surgery"), or a UR decision right after it ("I recommend
    denial")."""
    start = segment_start(read, predicate.start)
    found: list[tuple[int, str]] = []
    for name in SUBJECTS:
        found += [(at, name.removeprefix("subject_")) for at in read.tagged(name) if start <= at < predicate.start]
    if any(name == "review_decision" for _, name in found):
        return "review_decision"
    if any(p.role is Role.NECESSITY for p in find_predicates(read, start, predicate.start)):
        return "necessity"
    after = read.tagged("subject_review_decision")
    if predicate.role is Role.EVALUATE and any(predicate.end <= at <= predicate.end + 3 for at in after):
        return "review_decision"
    if predicate.role is Role.EVALUATE and any(
            p.role is Role.NECESSITY for p in find_predicates(read, predicate.end, min(predicate.end + 4, read.last))):
        return "necessity"  # "fail to establish the medical necessity"
    if found:
        return min(found)[1]
    # Nothing named before it, but this patient after it: "Celebrex is not supported for this patient".
    return "this_case" if _names_this_case_after(read, predicate) else None


def segment_start(read: Sentence, at: int) -> int:
    """Where the stretch of the clause holding a predicate's subject begins: after the last
    punctuation, break, relative word, or "and" opening a new clause ("and the request is")."""
    breaks = read.tagged("breaks")
    words, listed = read.words, function_words()
    for back in range(at - 1, read.first - 1, -1):
        word = words[back]
        if word in PUNCTUATION or word in listed.relative_words or back in breaks:
            return back + 1
        if word in listed.coordination and back + 1 < at and words[back + 1] in listed.clause_openers:
            return back + 1
    return read.first


def is_generic(read: Sentence, predicate: Predicate, subject: str | None) -> bool:
    """A judgement of a kind of treatment, not of this request: "Manual therapy is not
    recommended for the wrist", "Opioids are not indicated for chronic pain". A class of
    patients named makes any judgement of something other than the request generic; a
    guideline's kind of judgement ("recommended for", "indicated in") is generic when
    nothing makes its subject this request."""
    words, listed = read.words, function_words()
    if (predicate.role is Role.DECIDE and subject is None and read.last - read.first > FRAGMENT
            and words[predicate.start] not in listed.necessity_words):
        # A drug's approval for a use: "ondansetron is approved for nausea related to chemotherapy".
        return predicate.end < read.last and words[predicate.end] in listed.generic_followers
    if predicate.role is not Role.EVALUATE or subject in ("review_decision", "necessity"):
        return False
    if _names_this_case_after(read, predicate):  # "... are not warranted for this patient"
        return False
    if subject != "request" and predicate.end < read.last and words[predicate.end] in listed.restrictions:
        return True
    if read.tagged("general") and (subject != "request" or not specified(read, predicate)):
        return True  # "Imaging is generally not indicated", "for patients with ..."
    if words[predicate.start] not in listed.generic_judgements or predicate.end >= read.last:
        return False
    return words[predicate.end] in listed.generic_followers and not specified(read, predicate)


def specified(read: Sentence, predicate: Predicate) -> bool:
    """Whether the stretch of the clause before the predicate makes what it is said of this
    request ("the requested therapy", "continued use") rather than a kind of treatment."""
    specifiers = function_words().specifiers
    return any(word in specifiers for word in read.words[segment_start(read, predicate.start):predicate.start])


def is_attributed(read: Sentence, predicate: Predicate, subject: str | None) -> bool:
    """Someone else's words: reported speech, or a guideline's statement.

    A guideline applied to the request ("Per MTUS, the request is not medically necessary")
    is the reviewer's own conclusion; a guideline's own statement ("ODG does not recommend
    opioids for chronic pain", "... is not recommended according to the MTUS") is not.
    """
    if subject == "reviewer":
        return False
    applied = subject in ("request", "review_decision") or _names_this_case_after(read, predicate)
    if subject == "request" and not specified(read, predicate) and _guideline_speaks(read, predicate):
        applied = False  # "According to MTUS, a trial of 6 visits is recommended"
    if guideline_says(read, predicate) and not applied:
        return True
    for source, position in sources(read, read.last):
        if source == "reviewer":
            continue
        if source == "guideline" and applied:
            continue
        if position < predicate.start or source == "guideline" or opened(read, position):
            return True
    return False


def _guideline_speaks(read: Sentence, predicate: Predicate) -> bool:
    """A guideline named after an opener ("According to MTUS, ...") or with a reporting verb
    ("ACOEM recommends ..., and notes that ...") before the predicate."""
    return any(source == "guideline" for source, _ in sources(read, predicate.start))


def _names_this_case_after(read: Sentence, predicate: Predicate) -> bool:
    """This patient named after the predicate: a guideline applied to the case."""
    return any(at >= predicate.end for at in read.tagged("subject_this_case"))


def opened(read: Sentence, at: int) -> bool:
    openers = read.tagged("openers")
    return any(start < at <= start + openers[start] + 2 for start in openers)


def sources(read: Sentence, before: int) -> list[tuple[str, int]]:
    """Who speaks in the clause before `before`: each source named with an opener ("according
    to the provider") or followed in its clause by a reporting verb ("the provider states"),
    or, for a person, by a decision ("the carrier non-certified")."""
    sources: list[tuple[str, int]] = []
    words, listed = read.words, function_words()
    # After a determiner a participle is an adjective: "the requested program" reports nothing.
    verbs = [at for at in read.tagged("reporting_verbs") if at == 0 or words[at - 1] not in listed.determiners
             or words[at - 1] in listed.relative_words]
    decisions = read.tagged("reported_decisions")
    this_case = read.tagged("subject_this_case")
    for source in ("guideline", "person", "reviewer"):
        for at, length in read.tagged(f"subject_{source}").items():
            if at >= before or any(start < at < start + span for start, span in this_case.items()):
                continue
            # A person decides only as the subject: not "visits with the psychologist should be
            # authorized" (a guideline never decides).
            decides = source == "person" and not _after_non_agent_preposition(read, at)
            said = [*verbs, *(decisions if decides else ())]
            reports = any(at + length <= verb <= at + length + 4 and verb < before
                          and same_clause(read, at + length, verb) for verb in said)
            if reports or opened(read, at):
                sources.append((source, at))
    return sorted(sources, key=lambda found: found[1])


def _after_non_agent_preposition(read: Sentence, at: int) -> bool:
    listed = function_words()
    back = at - 1
    if back >= 0 and read.words[back] in listed.determiners:
        back -= 1
    return back >= 0 and read.words[back] in listed.non_agent_prepositions


def is_conditional(read: Sentence, predicate: Predicate) -> bool:
    """A judgement made hypothetical: a condition anywhere in the clause, or a hedge shortly
    before the predicate ("may be indicated")."""
    if read.tagged("conditions"):
        return True
    words = read.words
    listed = function_words()
    if words[0] in listed.inverted_conditions and "," in words[1:predicate.start]:
        return True
    if predicate.end < read.last and words[predicate.end] in listed.condition_followers:
        return True
    return any(predicate.start - 4 <= at < predicate.start for at in read.tagged("hedges"))


def is_question(read: Sentence) -> bool:
    """A question decides nothing: "Is the requested H-wave unit medically necessary?"."""
    return read.words[-1] == "?"


def is_history(read: Sentence, predicate: Predicate) -> bool:
    """A decision told as a past event: "PT was previously authorized", "denied by UR on 5/1",
    or a recommendation made in the past ("a home program was recommended at the last visit")."""
    words, listed = read.words, function_words()
    if predicate.role is Role.EVALUATE and words[predicate.start] in listed.generic_judgements:
        return predicate.start > 0 and words[predicate.start - 1] in listed.past_auxiliaries
    if predicate.role in (Role.REVIEW, Role.NAMED_REVIEW):
        return _dated(read, predicate)
    if predicate.role is not Role.DECIDE:
        return False
    told = [(at, length) for at, length in read.tagged("history").items()
            if predicate.start - 4 <= at < predicate.start]
    if words[predicate.start] in listed.necessity_words:
        # "was previously found not medically necessary", but not "beyond the visits already
        # completed is not medically necessary", where a verb of its own stands between.
        return any(not set(words[at + length:predicate.start]) & listed.finite_verbs for at, length in told)
    if told:
        return True
    if _dated(read, predicate):
        return True
    if predicate.start > 0 and words[predicate.start - 1] in listed.past_auxiliaries:
        return True
    following = words[predicate.end:predicate.end + 3]
    return bool(following) and following[0] in listed.event_prepositions and any(
        word.isdigit() or word in listed.review_words for word in following[1:])


def _dated(read: Sentence, predicate: Predicate) -> bool:
    """An act told with its date right before it: "An IMR in August 2014 upheld the denial",
    "UR on 3/4/2015 denied the request"."""
    at = predicate.start - 1
    while at > read.first and read.words[at].endswith("ly"):
        at -= 1
    word = read.words[at] if at >= read.first else ""
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


def states_decision(read: Sentence, predicate: Predicate, subject: str | None) -> bool:
    """Whether the sentence states the decision itself rather than reasoning toward it."""
    if predicate.role is not Role.EVALUATE or read.last - read.first <= FRAGMENT:
        return True
    # "The request exceeds the guideline" argues; "the request is (not) supported" decides.
    arguing = predicate.polarity < 0 and not predicate.prefixed
    return subject in ("request", "review_decision", "necessity") and not arguing
