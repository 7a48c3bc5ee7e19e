"""The Kooperationsforum as a kind of the lifecycle: its words, mails and pages of its own."""

from workflows.lifecycle import FORUM

from ..lifecycle.kinds import IRREVERSIBLE, Confirmation, Document, Kind, register

FORUM_KIND = register(
    Kind(
        words=FORUM,
        noun="Forum",
        numbers_sections=True,
        document=Document(
            name="Protokoll", nominative="das Protokoll", accusative="das Protokoll", genitive="des Protokolls",
            pronoun="es",
        ),
        responsible="der Gastgeber",
        at_responsible="beim Gastgeber",
        approvers="anwesenden",
        not_found="Dieses Forum gibt es nicht.",
        heading="Ablauf eines Kooperationsforums",
        detail_endpoint="forums.detail",
        id_argument="forum_id",
        own_pages={"reschedule": "forums.edit", "hold": "forums.hold"},
        confirmations={
            "cancel": Confirmation("Forum absagen", f"Alle Ansprechpersonen erhalten eine Absage. {IRREVERSIBLE}", True),
            "request_changes": Confirmation(
                "Änderungen anfordern", "Das Protokoll geht mit Ihrem Kommentar an den Gastgeber zurück.", True
            ),
            "approve": Confirmation(
                "Genehmigung erfassen",
                "Erfassen Sie eine Genehmigung, die anderweitig beschlossen wurde (z. B. in der nächsten Sitzung). "
                "Die Begründung ist Pflicht.",
                True,
            ),
            "distribute": Confirmation(
                "Protokoll verteilen",
                f"Das genehmigte Protokoll geht an alle Ansprechpersonen, die Beratung und die Verteiler. {IRREVERSIBLE}",
                False,
            ),
        },
        asks_attendance=True,
        subjects={
            "invitation": "Einladung: {title} am {date}",
            "rescheduled": "Geändert: {title} am {date}",
            "cancelled": "Abgesagt: {title} am {date}",
            "held": "Durchgeführt: {title} – das Protokoll folgt",
            "recorded": "Nacherfasst: {title} vom {date} – das Protokoll folgt",
            "minutes_submitted": "Protokollentwurf zur Genehmigung: {title}",
            "changes_requested": "Änderungen am Protokoll angefordert: {title}",
            "approved": "Protokoll genehmigt: {title}",
            "distributed": "Protokoll: {title}",
        },
    )
)
