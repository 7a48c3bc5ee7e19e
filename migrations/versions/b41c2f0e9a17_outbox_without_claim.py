"""outbox without the claim token: a sender gets its messages back from the claiming UPDATE

Revision ID: b41c2f0e9a17
Revises: 305d5132428c
Create Date: 2026-11-21 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b41c2f0e9a17'
down_revision = '305d5132428c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('claim')


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim', sa.String(length=32), nullable=True))
