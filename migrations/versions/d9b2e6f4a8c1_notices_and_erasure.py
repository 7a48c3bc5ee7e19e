"""legal pages' texts (notices) and the erasure of a former contact (users.erased_at)

Revision ID: d9b2e6f4a8c1
Revises: c4e8a1d3f7b9
Create Date: 2026-12-02 20:45:00

"""
from alembic import op
import sqlalchemy as sa

import akn_intranet.database  # the UTCDateTime column type


revision = 'd9b2e6f4a8c1'
down_revision = 'c4e8a1d3f7b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notices',
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('changed_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_notices_changed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
    op.drop_table('notices')
