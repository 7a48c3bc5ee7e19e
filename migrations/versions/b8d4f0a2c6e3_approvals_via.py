"""approvals.via: whether an approval came by personal link or inside the intranet

Revision ID: b8d4f0a2c6e3
Revises: a7c3e9f1b5d2
Create Date: 2026-12-02 16:49:33.708509

"""
from alembic import op
import sqlalchemy as sa




revision = 'b8d4f0a2c6e3'
down_revision = 'a7c3e9f1b5d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('approvals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via', sa.String(length=20), server_default='link', nullable=False))



def downgrade():
    with op.batch_alter_table('approvals', schema=None) as batch_op:
        batch_op.drop_column('via')

