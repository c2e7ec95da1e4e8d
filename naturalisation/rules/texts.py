"""What the applicant reads: the texts of the quick check, in plain language (gettext).

Placeholders in braces are filled with ``format_lazy`` by ``check``; dates are
formatted in the language of the page. The legal terms follow §§ 8, 10, 12a
StAG; each text says what the law asks and what follows from the answers.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

date_text = lazy(lambda day: date_format(day, "DATE_FORMAT"), str)


RESIDENCE_NO_RIGHT_TEXT = _(
    "Naturalisation needs a right of residence, for example a settlement permit or a residence "
    "permit for a stay that is not only temporary. You stated that you do not have one, so this "
    "prerequisite is not met."
)
RESIDENCE_UNKNOWN_TEXT = _(
    "You need at least {years} years of lawful, habitual residence in Germany. Please state "
    "since when you have lived in Germany; the office checks the period."
)
RESIDENCE_MET_TEXT = _(
    "You need at least {years} years of lawful, habitual residence in Germany. Counted from "
    "{since}, they were complete on {day}."
)
RESIDENCE_PENDING_TEXT = _(
    "You need at least {years} years of lawful, habitual residence in Germany. Counted from "
    "{since}, they will be complete on {day}. The prerequisite is met from that day on."
)
RESIDENCE_SHORTENED_TEXT = _(
    "With special integration achievements, German at level C1 and a secured livelihood, three "
    "years instead of five are enough. The office decides whether your achievements count as "
    "special integration achievements."
)
RESIDENCE_PROOF = _(
    "your residence title, and registration certificates or earlier residence titles that show "
    "your lawful residence in Germany"
)
RESIDENCE_SHORTENED_PROOF = _(
    "your residence title, registration certificates or earlier residence titles that show your "
    "lawful residence in Germany, and proof of your special integration achievements, for "
    "example certificates, references or proof of voluntary work"
)

SHORTENED_ABOLISHED_NOTE = _(
    "Naturalisation after three years with special integration achievements was abolished with "
    "effect from 30 October 2025. Since then, at least five years of residence apply to "
    "everyone, also with special integration achievements."
)
SHORTENED_TOO_LATE_NOTE = _(
    "Your three years would only be complete on {day}. Naturalisation after three years with "
    "special integration achievements is abolished with effect from 30 October 2025, so five "
    "years apply to you."
)
SHORTENED_CONDITIONS_NOTE = _(
    "Naturalisation after three years with special integration achievements also needs German "
    "at level C1 and a livelihood secured from your own means. As you have not stated both, "
    "five years apply."
)

KNOWLEDGE_SCHOOL_TEXT = _(
    "A German school-leaving certificate proves your knowledge of the legal and social order "
    "and of living conditions in Germany."
)
KNOWLEDGE_TRAINING_TEXT = _(
    "A completed German vocational training of at least two years proves your knowledge of the "
    "legal and social order and of living conditions in Germany."
)
KNOWLEDGE_DEGREE_TEXT = _(
    "A completed German-language degree with relevant content (for example political science) "
    "proves your knowledge of the legal and social order and of living conditions in Germany."
)
KNOWLEDGE_TEST_PASSED_TEXT = _(
    "You answered {score} of 33 questions correctly. At least 17 correct answers are needed, so "
    "the test proves your knowledge of the legal and social order and of living conditions in "
    "Germany."
)
KNOWLEDGE_TEST_FAILED_TEXT = _(
    "You answered {score} of 33 questions correctly. At least 17 correct answers are needed. "
    "You can take the test again."
)
KNOWLEDGE_TEST_NO_SCORE_TEXT = _(
    "The test proves your knowledge only with at least 17 of 33 questions answered correctly. "
    "Please state your result."
)
KNOWLEDGE_NONE_TEXT = _(
    "You need to prove your knowledge of the legal and social order and of living conditions in "
    "Germany: with a German school-leaving certificate, a German vocational training of at "
    "least two years, a German-language degree with relevant content, or at least 17 of 33 "
    "correct answers in the test “Leben in Deutschland” or the naturalisation test."
)
KNOWLEDGE_GUEST_WORKER_TEXT = _(
    "You came to Germany under a recruitment agreement or as a contract worker of the GDR. For "
    "you, the law waives the naturalisation test. The office checks whether this applies to you."
)
KNOWLEDGE_SCHOOL_PROOF = _("your German school-leaving certificate")
KNOWLEDGE_TRAINING_PROOF = _("the certificate of your German vocational training")
KNOWLEDGE_DEGREE_PROOF = _("your German-language degree certificate")
KNOWLEDGE_TEST_PROOF = _(
    "the certificate of the test “Leben in Deutschland” or of the naturalisation test"
)
KNOWLEDGE_TAKE_TEST_PROOF = _(
    "Take the test “Leben in Deutschland” or the naturalisation test: you can register at the "
    "Bildungszentrum der Stadt Nürnberg."
)
GUEST_WORKER_PROOF = _(
    "proof of your entry under a recruitment agreement (until 1974) or as a contract worker of "
    "the GDR (until 1990), for example old residence or work permits"
)

GERMAN_MET_TEXT = _(
    "You need German at level B1. You stated German at level {level}, proved by {proof}."
)
GERMAN_PROVEN_TEXT = _(
    "You need German at level B1. Whatever level you stated, this proof is enough by "
    "itself: {proof}."
)
GERMAN_C1_TEXT = _(
    "German at level C1 is also one of the conditions for naturalisation after three years "
    "with special integration achievements."
)
GERMAN_NOT_MET_TEXT = _(
    "You need German at level B1. It can be proved with a language certificate at level B1 or "
    "higher, a German general school-leaving certificate, a German vocational training or "
    "retraining of at least two years, a German-language degree or four annual reports of a "
    "German school with promotion to the next class."
)
GERMAN_GUEST_WORKER_TEXT = _(
    "You came to Germany under a recruitment agreement or as a contract worker of the GDR. For "
    "you, spoken German is enough. The office checks your spoken German, usually in a "
    "conversation."
)
GERMAN_CERTIFICATE_PROOF = _("a language certificate at level B1 or higher")
GERMAN_SCHOOL_PROOF = _("a German general school-leaving certificate")
GERMAN_TRAINING_PROOF = _("a completed German vocational training of at least two years")
GERMAN_DEGREE_PROOF = _("a completed German-language degree")
GERMAN_RETRAINING_PROOF = _("a completed German retraining of at least two years")
GERMAN_SCHOOL_REPORTS_PROOF = _(
    "four annual reports of a German school with promotion to the next class"
)
GERMAN_TAKE_CERTIFICATE_PROOF = _(
    "a language certificate at level B1: you can register for it at the Bildungszentrum der "
    "Stadt Nürnberg"
)
# § 10 Abs. 6 StAG (not in seed 003): the office waives language and knowledge
# where illness, disability or age prevent them.
EXEMPTION_TEXT = _(
    "If you cannot meet this because of an illness, a disability or your age, the office can "
    "waive it."
)

LIVELIHOOD_BENEFITS_TEXT = _(
    "You receive benefits under SGB II (citizen's income) or SGB XII (social assistance). For "
    "naturalisation by entitlement your livelihood must be secured without them, unless one of "
    "the exceptions of the law applies: you work full time and did so for at least {months} of "
    "the last {window} months; you live with such a spouse or registered partner and a minor "
    "child; or you came under a recruitment agreement (until {recruitment}) or as a contract "
    "worker of the GDR (until {contract}) and are not responsible for receiving the benefits. "
    "From your answers, none of them applies."
)
LIVELIHOOD_FULL_TIME_TEXT = _(
    "You receive benefits under SGB II or SGB XII, but you work full time and did so for "
    "{worked} of the last {window} months (at least {months} are needed). The law therefore "
    "does not hold the benefits against you."
)
LIVELIHOOD_PARTNER_TEXT = _(
    "You receive benefits under SGB II or SGB XII, but you live with your spouse or registered "
    "partner, who works full time and did so for at least {months} of the last {window} months, "
    "and with a minor child. The law therefore does not hold the benefits against you."
)
LIVELIHOOD_GUEST_WORKER_TEXT = _(
    "You receive benefits under SGB II or SGB XII and came under a recruitment agreement or as "
    "a contract worker of the GDR. The benefits do not count against you if you are not "
    "responsible for receiving them, for example because of illness, age or the loss of a job "
    "that was not your fault. The office checks this."
)
LIVELIHOOD_FULL_TIME_PROOF = _(
    "your employment contract and your payslips for the last 24 months, and your notice of benefits"
)
LIVELIHOOD_PARTNER_PROOF = _(
    "your marriage or partnership certificate, the employment contract and the payslips of "
    "your spouse or partner for the last 24 months, your child's birth certificate and your "
    "notice of benefits"
)
LIVELIHOOD_GUEST_WORKER_PROOF = _(
    "proof of your entry under a recruitment agreement or as a contract worker, your notice of "
    "benefits and documents that show why you receive them, for example medical certificates "
    "or your pension notice"
)
LIVELIHOOD_MET_TEXT = _(
    "You can support yourself, your spouse and your minor children from your own means."
)
LIVELIHOOD_UNKNOWN_TEXT = _(
    "Your livelihood and that of your spouse and minor children must be secured from your own "
    "means for the long term. The office checks your income."
)
LIVELIHOOD_PROOF = _(
    "for example your employment contract and recent payslips, or as a self-employed person "
    "your latest tax assessment"
)
LIVELIHOOD_BENEFITS_PROOF = _("your notice of benefits, and proof of any income of your own")

CONVICTED_TEXT = _(
    "A conviction for a criminal offence as a rule excludes naturalisation. Minor penalties can "
    "be disregarded (§ 12a StAG). The office checks your case."
)
NOT_CONVICTED_TEXT = _("You stated that you have not been convicted of a criminal offence.")
CONVICTION_PROOF = _(
    "You do not need a document: the office obtains the information from the criminal records "
    "itself. Please state every conviction, also abroad, in your application."
)
CONVICTION_DISREGARDED_TEXT = _(
    "Your penalties add up to {total} days (a daily rate of a fine counts as one day, a month "
    "of prison as {per_month} days). Fines up to {fines} daily rates and prison sentences up "
    "to {prison} months that were suspended on probation and remitted are disregarded, also "
    "added up, so your conviction does not stand in the way."
)
CONVICTION_JUVENILE_TEXT = _(
    "Educational and disciplinary measures under juvenile criminal law are disregarded, so your "
    "conviction does not stand in the way."
)
CONVICTION_SLIGHTLY_ABOVE_TEXT = _(
    "Your penalties add up to {total} days (a daily rate of a fine counts as one day, a month "
    "of prison as {per_month} days). That is slightly above the {limit} days that are "
    "disregarded. In such a case the office decides individually whether the conviction can "
    "be disregarded."
)
CONVICTION_COUNTS_TEXT = _(
    "Your penalties add up to {total} days (a daily rate of a fine counts as one day, a month "
    "of prison as {per_month} days). That is well above the {limit} days that are disregarded, "
    "so the conviction stands in the way of naturalisation."
)
CONVICTION_SERIOUS_TEXT = _(
    "A youth penalty, a prison sentence that was not suspended on probation, or a sentence "
    "whose probation period is not over yet is never disregarded, so the conviction stands in "
    "the way of naturalisation."
)
CONVICTION_HATE_TEXT = _(
    "A conviction for which the court found an antisemitic, racist, xenophobic or other "
    "inhuman motive always counts, however small the penalty. It stands in the way of "
    "naturalisation."
)
CONVICTION_MEASURE_TEXT = _(
    "A court also withdrew your driving licence or banned you from a profession. The office "
    "decides individually whether this can be disregarded."
)

IDENTITY_MET_TEXT = _(
    "You stated that your identity and nationality are clarified, for example by a valid "
    "national passport."
)
IDENTITY_NOT_MET_TEXT = _(
    "Naturalisation needs your identity and your nationality (or your statelessness) to be "
    "clarified. You stated that they are not, so this prerequisite is not met."
)
IDENTITY_UNSURE_TEXT = _(
    "Naturalisation needs your identity and your nationality (or your statelessness) to be "
    "clarified. The office checks your documents; usually a valid national passport is enough."
)
IDENTITY_PROOF = _(
    "your valid national passport, or other official documents such as an identity card, a "
    "birth certificate or a marriage certificate"
)

NO_ROUTE_IDENTITY_TEXT = _(
    "Both naturalisation by entitlement and discretionary naturalisation need your identity and "
    "nationality to be clarified (§ 10 (1) and § 8 (1) StAG). Neither route is open until they "
    "are; the office can advise you which documents help."
)
NO_ROUTE_CONVICTION_TEXT = _(
    "Your conviction stands in the way of naturalisation by entitlement (§ 10 (1) sentence 1 "
    "no. 5 StAG) and of discretionary naturalisation (§ 8 (1) no. 2 StAG) alike, so neither "
    "route is open for now. A conviction no longer counts once it has been removed from the "
    "Federal Central Criminal Register. Only in exceptional cases, in the public interest or to "
    "avoid particular hardship, can the Regierung von Mittelfranken disregard it (§ 8 (2) StAG)."
)

COMMITMENT_MET_TEXT = _(
    "You commit to the free democratic basic order and to Germany's special historical "
    "responsibility for the National Socialist tyranny and its consequences."
)
COMMITMENT_NOT_MET_TEXT = _(
    "Naturalisation needs your commitment to the free democratic basic order and to Germany's "
    "special historical responsibility for the National Socialist tyranny and its "
    "consequences. Without it, this prerequisite is not met."
)
COMMITMENT_PROOF = _("a written declaration, which you sign with your application")

# What each prerequisite is called, for the result's list and its summary at the top.
PREREQUISITE_TITLES = {
    "identity": _("Identity and nationality clarified"),
    "residence": _("Years of lawful residence"),
    "knowledge": _("Knowledge of the legal and social order"),
    "german": _("German at level B1"),
    "livelihood": _("Livelihood"),
    "no_conviction": _("No conviction that counts"),
    "commitment": _("Commitment to the free democratic basic order"),
}
CLAIM_OPENS_TEXT = _(
    "Your residence period will be complete on {day}. If nothing else changes, you can then "
    "be naturalised by entitlement (§ 10 StAG)."
)
