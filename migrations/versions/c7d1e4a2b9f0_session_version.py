"""session version: the server can end every session of a user

Revision ID: c7d1e4a2b9f0
Revises: b41c2f0e9a17
Create Date: 2026-12-02 11:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c7d1e4a2b9f0'
down_revision = 'b41c2f0e9a17'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
