"""OParl (oparl/): a person's consent to appear by name (users.oparl_consent, oparl_published_at, oparl_changed_at),
the sizes and checksums of the files it hands out (oparl_file_figures)

Revision ID: c9e5a1d3f7b4
Revises: b8d4f0c2e6a3
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa

import akn_intranet.database  # the UTCDateTime column type


revision = 'c9e5a1d3f7b4'
down_revision = 'b8d4f0c2e6a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('oparl_file_figures',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('sha512', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_oparl_file_figures'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oparl_consent', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('oparl_published_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('oparl_changed_at', akn_intranet.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('oparl_changed_at')
        batch_op.drop_column('oparl_published_at')
        batch_op.drop_column('oparl_consent')
    op.drop_table('oparl_file_figures')
