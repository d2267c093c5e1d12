"""Reference data: the topics of helse- og omsorgstenestelova § 6-2 (DOMAIN.md §5).

Loaded by the data migration (production needs them too); the demo finds them there.
"""

# number, nynorsk, bokmål, added in
TOPICS = [
    (1, "Ansvars- og oppgåvefordeling mellom nivåa", "Ansvars- og oppgavefordeling mellom nivåene", None),
    (2, "Innlegging, utskriving, habilitering, rehabilitering og lærings- og meistringstilbod",
     "Innleggelse, utskrivning, habilitering, rehabilitering og lærings- og mestringstilbud", None),
    (3, "Innlegging i sjukehus", "Innleggelse i sykehus", None),
    (4, "Kommunalt tilbod om døgnopphald for øyeblikkeleg hjelp",
     "Kommunalt tilbud om døgnopphold for øyeblikkelig hjelp", None),
    (5, "Utskrivingsklare pasientar", "Utskrivningsklare pasienter", None),
    (6, "Kunnskapsoverføring, informasjonsutveksling og faglege nettverk",
     "Kunnskapsoverføring, informasjonsutveksling og faglige nettverk", None),
    (7, "Forsking, utdanning, praksis og læretid", "Forskning, utdanning, praksis og læretid", None),
    (8, "Jordmortenester", "Jordmortjenester", None),
    (9, "IKT-løysingar lokalt", "IKT-løsninger lokalt", None),
    (10, "Førebygging", "Forebygging", None),
    (11, "Beredskap og den akuttmedisinske kjeda", "Beredskap og den akuttmedisinske kjeden", None),
    (12, "Felles planlegging og utvikling av tenester", "Felles planlegging og utvikling av tjenester", 2022),
    (13, "Born og unge med behov for samansette tenester",
     "Barn og unge med behov for sammensatte tjenester", 2022),
]  # fmt: skip


def ensure_topics(model):
    """Create or update the 13 topics in `model` (the real or the migration's model)."""
    for number, nn, nb, added in TOPICS:
        model.objects.update_or_create(
            number=number, defaults={"title_nn": nn, "title_nb": nb, "added_in": added}
        )
