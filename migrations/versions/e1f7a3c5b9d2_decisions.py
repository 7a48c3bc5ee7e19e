"""decisions as records of their own (decisions), and the decision an action item carries out

Revision ID: e1f7a3c5b9d2
Revises: d9b2e6f4a8c1
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e1f7a3c5b9d2'
down_revision = 'd9b2e6f4a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_decisions_section_id_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_section_id'), ['section_id'], unique=False)
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_items_decision_id'), ['decision_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_items_decision_id_decisions'), 'decisions', ['decision_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_items_decision_id_decisions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_items_decision_id'))
        batch_op.drop_column('decision_id')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_section_id'))
    op.drop_table('decisions')
