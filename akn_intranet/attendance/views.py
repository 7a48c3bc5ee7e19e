"""The page behind a personal attendance link. GET shows the current answer; only the POST records."""

from flask import Blueprint, flash, redirect, render_template, url_for

from ..links import LinkProblem, problem_page
from ..transactions import commit
from . import operations
from .forms import ReplyForm

bp = Blueprint("attendance", __name__, url_prefix="/teilnahme")


@bp.route("/<token>", methods=["GET", "POST"])
def reply(token: str):
    try:
        link = operations.check_link(token)
    except LinkProblem as problem:
        return problem_page(problem)
    current = operations.current_reply(link.activity, link.user)
    form = ReplyForm(data={"answer": current.answer, "deputy": current.deputy} if current else None)
    context = {"form": form, "forum": link.activity, "user": link.user, "current": current}
    if not form.validate_on_submit():
        return render_template("attendance/reply.html", **context)
    answer = operations.Answer(form.answer.data or "", form.deputy.data or "")
    if problem := operations.check_answer(answer):
        form.answer.errors = [*form.answer.errors, problem]
        return render_template("attendance/reply.html", **context), 422
    try:
        operations.reply(token, answer)
    except LinkProblem as problem:
        return problem_page(problem)
    commit()
    flash("Ihre Antwort ist gespeichert. Bis zum Beginn können Sie sie mit demselben Link ändern.", "success")
    return redirect(url_for("attendance.reply", token=token))
