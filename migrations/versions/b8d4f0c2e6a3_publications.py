"""published results (publications/): filled in by the publications package

Revision ID: b8d4f0c2e6a3
Revises: a7c3e9b1d5f2
Create Date: 2026-12-03 06:40:00

"""


revision = 'b8d4f0c2e6a3'
down_revision = 'a7c3e9b1d5f2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
