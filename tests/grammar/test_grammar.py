"""The request grammar: each notation, drug, treatment and body part as a table of cases.

A case gives a request text and the `Request` fields it must produce; fields a case does
not name are not checked. Run one table with `pytest -k notation`, one case with its text.
"""
from __future__ import annotations

import pytest

from checker.grammar import find_drug, find_treatment, parse_quantities, parse_request
from checker.grammar.lexer import GAP_WORDS
from checker.grammar.parser import request_parser


def check(text: str, expected: dict) -> None:
    request = parse_request(text)
    actual = {field: getattr(request, field) for field in expected}
    assert actual == expected, f"{text!r}: {request}"


def cases(table: list[tuple[str, dict]]):
    return pytest.mark.parametrize("text, expected", table, ids=[text for text, _ in table])


# The nine disputed items of the seed letters, with the parse ../shared/seeds/EXPECTED.md
# gives them.
SEED_ITEMS = [
    ("5 chiropractic treatments with physiotherapy",
     dict(treatment="chiropractic", visits=5, per_week=None, weeks=None, parsed=True)),
    ("8 physical therapy visits 2 x 4 for the lumbar spine",
     dict(treatment="physical_therapy", visits=8, per_week=2, weeks=4, forms_agree=True,
          body_parts=["lumbar_spine"], parsed=True)),
    ("A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE",
     dict(treatment="referral", count=1, visits=None, body_parts=["lumbar_spine"], parsed=True)),
    ("NORCO 10/325MG",
     dict(treatment="medication", drug="hydrocodone/acetaminophen", drug_class="opioid",
          strengths_mg=[10, 325], strength_unit="mg", count=None, parsed=True)),
    ("PHYSICAL THERAPY FOR THE LUMBAR SPINE (THREE TIMES A WEEK FOR TWO MONTHS)",
     dict(treatment="physical_therapy", per_week=3, weeks=8, visits=24,
          body_parts=["lumbar_spine"], parsed=True)),
    ("Acupuncture sessions 1x6 for cervical and thoracic",
     dict(treatment="acupuncture", per_week=1, weeks=6, visits=6,
          body_parts=["cervical_spine", "thoracic_spine"], parsed=True)),
    ("Chiropractic sessions 1x6 for cervical and thoracic",
     dict(treatment="chiropractic", visits=6, parsed=True)),
    ("12 chiropractic manipulation treatments for the cervical, lumbar and thoracic spine",
     dict(treatment="chiropractic", visits=12,
          body_parts=["cervical_spine", "lumbar_spine", "thoracic_spine"], parsed=True)),
    ("Flexeril 7.5 mg #60",
     dict(treatment="medication", drug="cyclobenzaprine", drug_class="muscle_relaxant",
          strengths_mg=[7.5], strength_unit="mg", count=60, visits=None, parsed=True)),
]

NOTATIONS = [
    ("2 x 4", dict(per_week=2, weeks=4, visits=8)),
    ("2x4", dict(per_week=2, weeks=4, visits=8)),
    ("2X's 4 weeks", dict(per_week=2, weeks=4, visits=8)),
    ("2x/week x 4 weeks", dict(per_week=2, weeks=4, visits=8)),
    ("2x/wk x 4 wks", dict(per_week=2, weeks=4, visits=8)),
    ("2x week x 6 weeks", dict(per_week=2, weeks=6, visits=12)),
    ("3 times/week x 4", dict(per_week=3, weeks=4, visits=12)),
    ("1x6", dict(per_week=1, weeks=6, visits=6)),
    ("(2x8)", dict(per_week=2, weeks=8, visits=16)),
    ("2 x 2 months", dict(per_week=2, weeks=8, visits=16)),
    ("x 12", dict(visits=12, per_week=None, weeks=None)),
    ("x12 visits", dict(visits=12)),
    ("x 6 weeks", dict(weeks=6, visits=None, per_week=None)),
    ("12 sessions", dict(visits=12)),
    ("(6) sessions", dict(visits=6)),
    ("twelve (12)", dict(visits=12)),
    ("Six (6)", dict(visits=6)),
    ("twelve sessions", dict(visits=12)),
    ("twenty-four (24) sessions", dict(visits=24)),
    ("additional 8", dict(visits=8, additional=True)),
    ("an additional 8 sessions", dict(visits=8, additional=True)),
    ("8 additional chiropractic visits", dict(visits=8, additional=True)),
    ("12 visits over 6 weeks", dict(visits=12, weeks=6, per_week=2)),
    ("18 visits over 6 to 8 weeks", dict(visits=18, weeks=8)),
    ("three times a week for two months", dict(per_week=3, weeks=8, visits=24)),
    ("two times per week for six weeks", dict(per_week=2, weeks=6, visits=12)),
    ("3 times weekly for 4 weeks", dict(per_week=3, weeks=4, visits=12)),
    ("2 visits per week for 4 weeks", dict(per_week=2, weeks=4, visits=8)),
    ("2 times a week for 3 weeks (6 visits)",
     dict(per_week=2, weeks=3, visits=6, forms_agree=True)),
    ("twice a week for 6 visits", dict(per_week=2, weeks=3, visits=6)),
    ("twice a week", dict(per_week=2, weeks=None, visits=None)),
    ("once weekly", dict(per_week=1, weeks=None, visits=None)),
    ("once a month for 6 months", dict(per_week=0.25, weeks=24, visits=6)),
    # A range counts as its upper bound: the most the request could authorise.
    ("2-3 x 4", dict(per_week=3, weeks=4, visits=12)),
    ("1-2 visits", dict(visits=2)),
    ("7.5mg #60", dict(strengths_mg=[7.5], strength_unit="mg", count=60, visits=None)),
    ("10/325mg", dict(strengths_mg=[10, 325], strength_unit="mg")),
    ("10/325 #120", dict(strengths_mg=[10, 325], strength_unit=None, count=120, visits=None)),
    ("#90 with 2 refills", dict(count=90, refills=2, visits=None)),
    ("#60 x 2 refills", dict(count=60, refills=2, visits=None)),
    ("x 2 refills", dict(refills=2, visits=None)),
    ("Refills: 2", dict(refills=2)),
    ("no refills", dict(refills=0)),
    ("QTY: 90", dict(count=90, visits=None)),
    ("Qty #90", dict(count=90)),
    ("quantity 60", dict(count=60)),
    # Percent stays in strengths_mg with its unit: the number is what the letter wrote.
    ("5% patch #30", dict(strengths_mg=[5], strength_unit="%", count=30)),
    ("10mcg/hr", dict(strengths_mg=[10], strength_unit="mcg/hr")),
    ("120gm", dict(strengths_mg=[120], strength_unit="gm")),
    ("three times a day #90", dict(count=90, visits=None, per_week=None, weeks=None)),
    ("1 tab PO q6h prn", dict(visits=None, count=None, per_week=None, strengths_mg=[])),
    ("1 tab by mouth TID, #90", dict(count=90, visits=None, per_week=None)),
    ("twice daily", dict(per_week=None, visits=None)),
    ("every 6 hours as needed", dict(visits=None, weeks=None)),
    ("30 day supply", dict(supply_days=30, visits=None)),
    ("30-day supply", dict(supply_days=30)),
    ("30 day rental", dict(rental_days=30, visits=None)),
    ("one month rental", dict(rental_days=30)),
]

DRUG_REQUESTS = [
    # The "#3" of the name is no count.
    ("Tylenol #3 #60", dict(drug="codeine/acetaminophen", drug_class="opioid", count=60, forms_agree=True)),
    ("Tylenol No. 4 #30", dict(drug="codeine/acetaminophen", drug_class="opioid", count=30)),
    ("Tylenol 500mg #100", dict(drug="acetaminophen", drug_class="non_opioid_analgesic", count=100)),
    ("Soma 350mg #90", dict(drug="carisoprodol", drug_class="muscle_relaxant",
                            strengths_mg=[350], count=90, treatment="medication")),
    ("Xanax 0.5mg #30", dict(drug="alprazolam", drug_class="benzodiazepine",
                             strengths_mg=[0.5], count=30)),
    ("Lidoderm 5% patch #30", dict(drug="lidocaine", drug_class="topical_analgesic",
                                   strengths_mg=[5], strength_unit="%", count=30)),
    ("Terocin lotion 120gm", dict(drug="terocin", drug_class="topical_compound",
                                  strengths_mg=[120], strength_unit="gm")),
    ("Butrans 10mcg/hr #4", dict(drug="buprenorphine", drug_class="opioid",
                                 strengths_mg=[10], strength_unit="mcg/hr", count=4)),
    ("Ultram ER 150mg #30 with 2 refills", dict(drug="tramadol", drug_class="opioid",
                                                strengths_mg=[150], count=30, refills=2)),
    ("Gabapentin 600mg QTY: 90", dict(drug="gabapentin", drug_class="anticonvulsant",
                                      strengths_mg=[600], count=90)),
    ("Prilosec 20mg #60", dict(drug="omeprazole", drug_class="proton_pump_inhibitor",
                               strengths_mg=[20], count=60)),
    ("Norco 10/325 #120", dict(drug="hydrocodone/acetaminophen", strengths_mg=[10, 325],
                               count=120, visits=None)),
    ("Hydrocodone/APAP 10/325mg #60", dict(drug="hydrocodone/acetaminophen",
                                           strengths_mg=[10, 325])),
    ("Voltaren Gel 1% 100gm", dict(drug="diclofenac", drug_class="topical_analgesic",
                                   strengths_mg=[1], strength_unit="%")),
    ("Voltaren XR 100mg #30", dict(drug="diclofenac", drug_class="nsaid")),
    ("Ketoprofen 20% cream", dict(drug="ketoprofen", drug_class="topical_analgesic")),
    ("Flurbiprofen 20%/Cyclobenzaprine 4% cream 180gm",
     dict(drug="flurbiprofen/cyclobenzaprine", drug_class="topical_compound")),
    ("Ambien 10mg #30", dict(drug="zolpidem", drug_class="sedative_hypnotic")),
    ("Fioricet #60", dict(drug="butalbital/acetaminophen/caffeine",
                          drug_class="barbiturate_analgesic", count=60)),
    ("Medrol Dosepak", dict(drug="methylprednisolone", drug_class="corticosteroid",
                            treatment="medication")),
    ("Zofran 4mg #10", dict(drug="ondansetron", drug_class="antiemetic")),
    ("Colace 100mg #60", dict(drug="docusate", drug_class="laxative")),
    ("Cymbalta 60mg #30", dict(drug="duloxetine", drug_class="antidepressant")),
    ("Zantac 150mg", dict(drug="ranitidine", drug_class="h2_blocker")),
    ("Toradol injection 60mg", dict(drug="ketorolac", treatment="injection")),
]

TREATMENT_REQUESTS = [
    # Capitalised abbreviations, read only as written: "Pt" is the patient.
    ("PT 2x/wk x 6 wks", dict(treatment="physical_therapy", visits=12)),
    ("OT x 6 for the hand", dict(treatment="occupational_therapy", visits=6)),
    ("Pt education x 1", dict(treatment=None)),
    ("TENS unit 30 day rental", dict(treatment="tens", rental_days=30, visits=None)),
    ("TENS unit x 30 days", dict(treatment="tens", rental_days=30, visits=None)),
    ("Lumbar epidural steroid injection at L4-5",
     dict(treatment="injection", body_parts=["lumbar_spine"], visits=None, count=None)),
    ("Cervical epidural steroid injection C5-6", dict(body_parts=["cervical_spine"])),
    ("2 epidural steroid injections", dict(treatment="injection", count=2, visits=None)),
    ("MRI of the right knee", dict(treatment="imaging", body_parts=["knee"], visits=None)),
    ("EMG/NCV of the bilateral upper extremities",
     dict(treatment="electrodiagnostic", body_parts=["upper_extremity"])),
    # A programme day is a session of the programme.
    ("Functional restoration program x 10 days / 80 hours",
     dict(treatment="functional_restoration", visits=10)),
    ("Cognitive behavioral therapy 6 sessions",
     dict(treatment="cognitive_behavioral_therapy", visits=6)),
    ("Psychotherapy x 6", dict(treatment="cognitive_behavioral_therapy", visits=6)),
    ("aquatic therapy 2x6", dict(treatment="aquatic_therapy", per_week=2, weeks=6, visits=12)),
    ("Occupational therapy for the right wrist 3x4",
     dict(treatment="occupational_therapy", body_parts=["wrist"], visits=12)),
    ("massage therapy x 6", dict(treatment="massage", visits=6)),
    ("Orthopedic surgery consultation", dict(treatment="referral")),
    ("1 pain management referral", dict(treatment="referral", count=1, visits=None)),
    ("Urine drug screen", dict(treatment="urine_drug_screen")),
    ("Gym membership x 6 months", dict(treatment="gym_membership", weeks=24)),
    ("Work hardening x 10 sessions", dict(treatment="work_hardening", visits=10)),
    ("Home health care 4 hours a day", dict(treatment="home_health", visits=None)),
    ("Lumbar brace", dict(treatment="dme", body_parts=["lumbar_spine"])),
    ("Right knee arthroscopy", dict(treatment="surgery", body_parts=["knee"])),
    ("X-ray of the left shoulder", dict(treatment="imaging", body_parts=["shoulder"])),
    # Case, typos and punctuation as real letters carry them.
    ("PHYSICAL THERAPY 2X4", dict(treatment="physical_therapy", visits=8)),
    ("physcial therapy 2x4 lumbar spine",
     dict(treatment="physical_therapy", visits=8, body_parts=["lumbar_spine"])),
    ("Chiropractice 6 visits", dict(treatment="chiropractic", visits=6)),
    ("accupuncture x 6", dict(treatment="acupuncture", visits=6)),
    ("Chiropractic sessions 1x6 for cervical and thoracic:", dict(treatment="chiropractic",
                                                                 visits=6, parsed=True)),
    ("(Physical therapy) (2x4)", dict(treatment="physical_therapy", visits=8)),
    ("  8 PT visits  ", dict(visits=8, treatment="physical_therapy")),
]

# Numbers that are never a count of visits.
NOT_VISITS = [
    ("MRI of the lumbar spine dated 7/31/13", dict(visits=None, strengths_mg=[])),
    ("Physical therapy for a 44 year old male", dict(visits=None)),
    ("Physical therapy for a 45-year-old", dict(visits=None)),
    ("Norco 10 mg", dict(visits=None, strengths_mg=[10])),
    ("Epidural steroid injection L4-5 and L5-S1", dict(visits=None, count=None)),
    ("Lidoderm 5%", dict(visits=None)),
    ("Physical therapy per MTUS Page(s): 98-99", dict(visits=None)),
    ("Chiropractic treatment on 01/07/2015", dict(visits=None)),
    ("Physical therapy 2/3", dict(visits=None, strengths_mg=[])),
    ("Chiropractic per the MTUS 2015 Medical Treatment Utilization Schedule", dict(visits=None)),
]

UNREADABLE = [
    ("%%%", "%%%"),
    ("", ""),
    ("...", "..."),
    ("Physical therapy 2 x", "2 x"),
    ("Norco #", "#"),
    ("Norco 10/325 #60 x 2", "#60 x 2"),
    ("Physical therapy 2 times a", "2 times a"),
    ("Chiropractic \x00 6 visits", "\x00"),
]


@cases(SEED_ITEMS)
def test_seed_item(text, expected):
    check(text, expected)


@cases(NOTATIONS)
def test_notation(text, expected):
    check(text, expected)


@cases(DRUG_REQUESTS)
def test_drug_request(text, expected):
    check(text, expected)


@cases(TREATMENT_REQUESTS)
def test_treatment_request(text, expected):
    check(text, expected)


@cases(NOT_VISITS)
def test_number_that_is_not_a_visit_count(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, unread", UNREADABLE, ids=[repr(text) for text, _ in UNREADABLE])
def test_unreadable_text_is_quoted_not_guessed(text, unread):
    request = parse_request(text)
    assert not request.parsed
    assert request.unparsed == unread


def test_unreadable_text_invents_no_numbers():
    request = parse_request("Physical therapy 2 x")
    assert (request.visits, request.per_week, request.weeks) == (None, None, None)


def test_request_with_no_numbers_is_parsed():
    request = parse_request("A PAIN MANAGEMENT REFERRAL")
    assert request.parsed and request.unparsed is None


def test_two_forms_giving_different_totals_disagree():
    request = parse_request("12 visits 2 x 4")
    assert request.visits == 12
    assert not request.forms_agree
    assert [(form.kind, form.visits, form.text) for form in request.forms] == [
        ("visits", 12, "12 visits"),
        ("frequency", 8, "2 x 4"),
    ]


def test_forms_quote_their_words():
    request = parse_request("12 chiropractic manipulation treatments for the lumbar spine")
    assert [form.text for form in request.forms] == ["12 chiropractic manipulation treatments"]


def test_count_form_is_not_a_visit_count():
    request = parse_request("Flexeril 7.5 mg #60")
    assert [(form.kind, form.visits, form.text) for form in request.forms] == [
        ("count", None, "#60")
    ]


def test_request_keeps_its_text():
    assert parse_request("  Flexeril 7.5 mg #60:  ").text == "  Flexeril 7.5 mg #60:  "


def test_each_call_returns_its_own_request():
    first = parse_request("8 physical therapy visits 2 x 4")
    first.visits = 99
    first.forms.clear()
    second = parse_request("8 physical therapy visits 2 x 4")
    assert second.visits == 8 and len(second.forms) == 2


def test_a_count_and_its_noun_are_at_most_a_few_words_apart():
    near = " ".join(["word"] * GAP_WORDS)
    far = " ".join(["word"] * (GAP_WORDS + 1))
    assert parse_request(f"6 {near} visits").visits == 6
    assert parse_request(f"6 {far} visits").visits is None


def test_parse_quantities_locates_counts_in_a_rationale_sentence():
    sentence = (
        "There has been a prior request for 6 sessions of therapy; the request for an "
        "additional 8 sessions appears to exceed guidelines."
    )
    found = parse_quantities(sentence)
    assert [(q.form.visits, q.additional, sentence[q.start : q.end]) for q in found] == [
        (6, False, "6 sessions"),
        (8, True, "additional 8 sessions"),
    ]


def test_parse_quantities_skips_dates_and_finds_the_count():
    sentence = "The review noted that 22 chiropractic visits were authorized between 5/25/12 and 10/2/12."
    found = parse_quantities(sentence)
    assert [(q.form.kind, q.form.visits, q.form.text) for q in found] == [
        ("visits", 22, "22 chiropractic visits")
    ]


def test_parse_quantities_reads_a_restated_frequency():
    sentence = "however, the requested 3 times a week for 8 weeks is considered excessive."
    (found,) = parse_quantities(sentence)
    assert (found.form.per_week, found.form.weeks, found.form.visits) == (3, 8, 24)
    assert sentence[found.start : found.end] == "3 times a week for 8 weeks"


def test_parse_quantities_quotes_a_count_without_the_word_after_it():
    found = parse_quantities("Flexeril was modified from #60 to #45.")
    assert [(q.count, q.form.text) for q in found] == [(60, "#60"), (45, "#45")]


def test_parse_quantities_gives_dispensed_counts():
    (found,) = parse_quantities("a prescription for Flexeril 7.5mg #60, noting that")
    assert (found.form.kind, found.count) == ("count", 60)


@pytest.mark.parametrize(
    "phrase, treatment",
    [
        ("22 chiropractic visits were authorized", "chiropractic"),
        ("prior request for 6 sessions of physical therapy", "physical_therapy"),
        ("prior request for 6 sessions of therapy", None),
        ("the continued use of Norco", "medication"),
        ("a pain management consultation", "referral"),
        ("ACUPUNCTURE", "acupuncture"),
    ],
)
def test_find_treatment(phrase, treatment):
    assert find_treatment(phrase) == treatment


@pytest.mark.parametrize(
    "phrase, drug",
    [
        ("Flexeril", ("cyclobenzaprine", "muscle_relaxant")),
        ("NORCO 10/325MG", ("hydrocodone/acetaminophen", "opioid")),
        ("cyclobenzaprine", ("cyclobenzaprine", "muscle_relaxant")),
        ("diclofenac", ("diclofenac", "nsaid")),
        ("physical therapy", None),
    ],
)
def test_find_drug(phrase, drug):
    assert find_drug(phrase) == drug


def test_grammar_accepts_every_token_sequence():
    """Every parser state has an action for every token, so no text is a parse error."""
    parser = request_parser()
    table = parser.parser.parser._parse_table
    lexed = {terminal.name for terminal in parser.lexer_conf.terminals} - set(parser.lexer_conf.ignore)
    lexed |= {"NUMBER_WORD", "TIMES_WORD", "_PROSE", "$END"}
    final_states = set(table.end_states.values())
    incomplete = {
        state: sorted(lexed - set(actions))
        for state, actions in table.states.items()
        if state not in final_states and lexed - set(actions)
    }
    assert incomplete == {}
