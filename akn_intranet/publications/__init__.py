"""Ergebnisse der Allianz: results the coordinator publishes, readable by anyone, with an Atom feed."""
