"""Membership changes from the git history of a member directory.

Every commit that touched the directory is read (`git log`, then `git cat-file --batch` for the
files as they were), and consecutive states are compared: a member appearing is a join (dated
by its `joined` field when the directory gives one, else by the commit), a member disappearing
is a leave, a tier change an upgrade or downgrade (tier order from `tier_order.toml`).
"""

from __future__ import annotations

import subprocess
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from graph.model import Document, Fact
from graph.timeline.derive import sort_changes
from graph.timeline.directory import Entry, State, parse_state
from graph.timeline.model import Change
from graph.timeline.tiers import direction


class HistoryError(Exception):
    """The repository or path cannot be read as a directory history (names it and says why)."""


@dataclass(frozen=True)
class Commit:
    """One commit that touched the directory."""

    sha: str
    date: date
    subject: str


def read_history(repo: Path, subpath: str | None = None, publisher: str | None = None) -> list[Change]:
    """Dated join / leave / upgrade / downgrade changes across the commits that touched `subpath`.

    `publisher` names the foundation; by default the `publisher` of the nearest `source.toml`
    in the working tree, else the repository folder's name.
    """
    return [change for _, changes in _walk(Path(repo), subpath, publisher) for change in changes]


def history_facts(repo: Path, subpath: str | None, publisher: str | None) -> list[Fact]:
    """The history's changes as membership facts, one document per commit (`REPO/PATH@COMMIT`)."""
    return [fact for _, facts in history_documents(repo, subpath, publisher) for fact in facts]


def history_documents(
    repo: Path, subpath: str | None, publisher: str | None
) -> list[tuple[Document, list[Fact]]]:
    """One (Document, facts) pair per commit that changed the membership, ready for `store.put_document`."""
    out = []
    for commit, changes in _walk(Path(repo), subpath, publisher):
        doc = _document(Path(repo), subpath, commit, changes)
        out.append((doc, _facts(doc, changes)))
    return out


def _walk(repo: Path, subpath: str | None, publisher: str | None) -> list[tuple[Commit, list[Change]]]:
    path = _normalise(subpath)
    foundation = publisher or _publisher(repo, path)
    before: State = {}
    out = []
    for commit in _commits(repo, path):
        after = parse_state(_files_at(repo, commit.sha, path))
        changes = _diff(before, after, commit, foundation, _doc_id(repo, path, commit))
        if changes:
            out.append((commit, changes))
        before = after
    return out


def _normalise(subpath: str | None) -> str:
    return (subpath or "").strip("/") or "."


def _doc_id(repo: Path, path: str, commit: Commit) -> str:
    name = repo.resolve().name
    return f"{name}@{commit.sha[:12]}" if path == "." else f"{name}/{path}@{commit.sha[:12]}"


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise HistoryError("git is not installed: --history needs the git command") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(f"{repo}: git {args[0]} failed: {reason[-1] if reason else 'no reason given'}")
    return done.stdout


def _commits(repo: Path, path: str) -> list[Commit]:
    if not repo.is_dir():
        raise HistoryError(f"{repo}: no such folder (--history takes a git repository, REPO[:PATH])")
    raw = _git(repo, "log", "--reverse", "--format=%H%x1f%cI%x1f%s", "--", path)
    commits = []
    for line in raw.decode("utf-8", "replace").splitlines():
        sha, when, subject = line.split("\x1f", 2)
        commits.append(Commit(sha, date.fromisoformat(when[:10]), subject))
    if not commits:
        raise HistoryError(f"{repo}: no commit touches {path!r} (is the path inside the repository?)")
    return commits


def _files_at(repo: Path, sha: str, path: str) -> dict[str, bytes]:
    """The directory's files at `sha`: one ls-tree and one cat-file --batch, not a process per file."""
    names = [
        n for n in _git(repo, "ls-tree", "-r", "-z", "--name-only", sha, "--", path).decode().split("\0") if n
    ]
    if not names:
        return {}
    raw = _git(repo, "cat-file", "--batch", stdin="".join(f"{sha}:{n}\n" for n in names).encode())
    files: dict[str, bytes] = {}
    pos = 0
    for name in names:
        header_end = raw.index(b"\n", pos)
        header = raw[pos:header_end].split()
        if header[-1] == b"missing":  # e.g. a submodule entry: nothing to read
            pos = header_end + 1
            continue
        size = int(header[2])
        files[name] = raw[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1  # the content is followed by a newline
    return files


def _diff(before: State, after: State, commit: Commit, foundation: str, source: str) -> list[Change]:
    out = []
    for key, entry in after.items():
        old = before.get(key)
        if old is None:
            out.append(_change(commit, foundation, source, entry, "join", None, entry.tier, "added"))
        elif old.tier != entry.tier and entry.tier:
            kind = direction(foundation, old.tier, entry.tier) or "upgrade"
            out.append(
                _change(
                    commit,
                    foundation,
                    source,
                    entry,
                    kind,
                    old.tier,
                    entry.tier,
                    f"tier {old.tier or 'none'} -> {entry.tier}",
                )
            )
    for key, entry in before.items():
        if key not in after:
            out.append(_change(commit, foundation, source, entry, "leave", entry.tier, None, "removed"))
    return sort_changes(out)


def _change(
    commit: Commit,
    foundation: str,
    source: str,
    entry: Entry,
    kind: str,
    before: str | None,
    after: str | None,
    what: str,
) -> Change:
    when = entry.joined if kind == "join" and entry.joined else commit.date
    evidence = f"{entry.name} {what} in {entry.path} (commit {commit.sha[:12]}: {commit.subject})"
    return Change(
        date=when,
        foundation=foundation,
        member=entry.name,
        change=kind,  # type: ignore[arg-type]
        tier_before=before,
        tier_after=after,
        source=source,
        evidence=evidence,
    )


def _publisher(repo: Path, path: str) -> str:
    folder = (repo / path).resolve()
    if folder.is_file():
        folder = folder.parent
    root = repo.resolve()
    while True:
        info = folder / "source.toml"
        if info.is_file():
            try:
                name = tomllib.loads(info.read_text(encoding="utf-8")).get("publisher")
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                name = None
            if name:
                return str(name)
        if folder == root or root not in folder.parents:
            return root.name
        folder = folder.parent


def _document(repo: Path, subpath: str | None, commit: Commit, changes: list[Change]) -> Document:
    path = _normalise(subpath)
    text = "\n".join(c.evidence for c in changes)
    return Document(
        id=changes[0].source,
        path=str(repo / path),
        title=f"{path} at {commit.sha[:12]}: {commit.subject}",
        date=commit.date,
        publisher=changes[0].foundation,
        text=text,
        format="git-history",
        content_hash=commit.sha,
        meta={"commit": commit.sha, "repo": str(repo), "subpath": path},
    )


def _facts(doc: Document, changes: list[Change]) -> list[Fact]:
    facts, pos = [], 0
    for change in changes:
        tier = change.tier_before if change.change == "leave" else change.tier_after
        span = (pos, pos + len(change.evidence))
        pos = span[1] + 1
        facts.append(
            Fact(
                type="membership",
                doc=doc.id,
                evidence=change.evidence,
                span=span,
                rule="history.git_diff",
                confidence=1.0,
                fields={
                    "member": change.member,
                    "organization": change.foundation,
                    "tier": tier,
                    "event": change.change,
                    "date": change.date.isoformat(),
                },
            )
        )
    return facts


def parse_history_spec(spec: str) -> tuple[Path, str | None]:
    """`REPO[:PATH]` (the `fkg ingest --history` argument) -> (repository folder, path inside it or None)."""
    repo, sep, subpath = spec.rpartition(":") if ":" in spec else (spec, "", "")
    if not sep or not repo:
        return Path(spec), None
    return Path(repo), subpath.strip("/") or None


def ingest_history(store: Any, spec: str, publisher: str | None = None) -> tuple[int, int]:
    """Store every commit's changes of `REPO[:PATH]` as its own document; returns (documents, facts).

    Documents already stored with the same commit are skipped (their content hash is the commit id).
    """
    repo, subpath = parse_history_spec(spec)
    stored = facts = 0
    for doc, found in history_documents(repo, subpath, publisher):
        if store.put_document(doc, found):
            stored += 1
            facts += len(found)
    return stored, facts
