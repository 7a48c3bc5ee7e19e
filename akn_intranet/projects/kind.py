"""The joint project as a kind of the lifecycle: its words, mails and pages of its own."""

from workflows.lifecycle import PROJECT

from ..lifecycle.kinds import IRREVERSIBLE, Confirmation, Document, Kind, register

PROJECT_KIND = register(
    Kind(
        words=PROJECT,
        noun="Projekt",
        document=Document(
            name="Ergebnisbericht", nominative="der Ergebnisbericht", accusative="den Ergebnisbericht",
            genitive="des Ergebnisberichts", pronoun="ihn",
        ),
        responsible="die Federführung",
        at_responsible="bei der Federführung",
        approvers="beteiligten",
        not_found="Dieses Projekt gibt es nicht.",
        heading="Ablauf eines gemeinsamen Projekts",
        detail_endpoint="projects.detail",
        id_argument="project_id",
        own_pages={"reschedule": "projects.edit"},
        section_fields=("Inhalt", "Vereinbarungen"),
        decision_name="Vereinbarung",
        confirmations={
            "cancel": Confirmation("Projekt absagen", f"Alle Ansprechpersonen erhalten eine Absage. {IRREVERSIBLE}", True),
            "hold": Confirmation(
                "Als durchgeführt markieren",
                "Das Projekt ist durchgeführt; die Federführung schreibt den Ergebnisbericht, die beteiligten Mitglieder "
                "genehmigen ihn.",
                False,
            ),
            "request_changes": Confirmation(
                "Änderungen anfordern", "Der Bericht geht mit Ihrem Kommentar an die Federführung zurück.", True
            ),
            "approve": Confirmation(
                "Genehmigung erfassen",
                "Erfassen Sie eine Genehmigung, die anderweitig beschlossen wurde. Die Begründung ist Pflicht.",
                True,
            ),
            "distribute": Confirmation(
                "Bericht verteilen",
                f"Der genehmigte Bericht geht an alle Ansprechpersonen, die Beratung und die Verteiler. {IRREVERSIBLE}",
                False,
            ),
        },
        subjects={
            "invitation": "Neues gemeinsames Projekt: {title}",
            "rescheduled": "Geändert: Projekt {title}",
            "cancelled": "Abgesagt: Projekt {title}",
            "held": "Durchgeführt: Projekt {title} – der Bericht folgt",
            "recorded": "Nacherfasst: Projekt {title} – der Bericht folgt",
            "minutes_submitted": "Berichtsentwurf zur Genehmigung: {title}",
            "changes_requested": "Änderungen am Bericht angefordert: {title}",
            "approved": "Bericht genehmigt: {title}",
            "distributed": "Bericht: {title}",
        },
    )
)
