"""OParl (oparl/): filled in by the oparl package

Revision ID: c9e5a1d3f7b4
Revises: b8d4f0c2e6a3
Create Date: 2026-12-03 06:40:00

"""


revision = 'c9e5a1d3f7b4'
down_revision = 'b8d4f0c2e6a3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
