"""the search index (search/): filled in by the search package

Revision ID: a7c3e9b1d5f2
Revises: e1f7a3c5b9d2
Create Date: 2026-12-03 06:40:00

"""


revision = 'a7c3e9b1d5f2'
down_revision = 'e1f7a3c5b9d2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
