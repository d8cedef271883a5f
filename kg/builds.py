"""Build folders: which build is current, how to open its store, how a new one replaces it.

``<store_dir>/builds/<stamp>/`` holds one build: its store (or, for a remote
store, nothing but a manifest naming it), its dumps, its search index and
``manifest.json`` (written last). ``<store_dir>/current`` is a symbolic link to
the last good one; a new build is made current by replacing the link in one
rename (:func:`swap`). A store that outlives build folders (``remote``) says
itself which build it holds (:meth:`kg.store.base.Store.build_info`).

Nothing here imports rdflib: ``napkg query`` opens a build through this module.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .errors import StoreError
from .prefixes import PREFIXES
from .settings import Settings
from .store import Store, backend, capabilities, open_store


def store_root(settings: Settings) -> Path:
    return settings.path("store_dir")


def current_build(settings: Settings) -> Path | None:
    """The folder of the last good build, or None before the first.

    A remote store says which build is current (:func:`published_build`).
    """
    if "remote" in capabilities(settings.store_backend):
        return published_build(settings)
    link = store_root(settings) / "current"
    if not link.exists():
        return None
    return link.resolve()


def open_current(settings: Settings, *, read_only: bool = True) -> Store:
    """Open the last good build's store for reading; StoreError before the first build."""
    build = current_build(settings)
    if build is None:
        where = backend(settings.store_backend).location(store_root(settings), settings)
        raise StoreError(f"no graph built yet in {where}: run 'napkg build' first")
    return open_build(build, settings, read_only=read_only)


def open_build(build: Path, settings: Settings | None = None, *, read_only: bool = True) -> Store:
    """Open a build folder's store, with the backend its manifest names.

    A store that needs more than the folder (a remote one) reads its address
    from ``settings``, or from what the manifest recorded when they name none.
    """
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"cannot read the build manifest in {build}: {e}") from None
    return open_store(manifest["backend"], build / "store", read_only=read_only,
                      settings=settings if settings is not None else Settings.from_env())


def published_build(settings: Settings) -> Path | None:
    """The build a remote store holds, as a local folder with its manifest; None before the first.

    A host that did not run that build gets a folder with a manifest written
    from the store (and no dumps until someone writes them: ``napkg export``).
    """
    info = open_store(settings.store_backend, None, read_only=True, settings=settings).build_info()
    if info is None:
        return None
    folder = store_root(settings) / "builds" / info["id"]
    manifest = folder / "manifest.json"
    if not manifest.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = manifest.with_suffix(".tmp")
        tmp.write_text(json.dumps({
            "backend": settings.store_backend, "build_id": info["id"], "built": info["created"],
            **info.get("record", {}), "graphs": info["graphs"],
            "triples": sum(info["graphs"].values()), "prefixes": PREFIXES}, indent=2), encoding="utf-8")
        os.replace(tmp, manifest)
    return folder


def swap(root: Path, new: Path) -> None:
    """Point ``root/current`` at ``new`` atomically (rename of a fresh symlink)."""
    tmp = root / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(new.relative_to(root))
    os.replace(tmp, root / "current")


def prune(builds: Path, keep: set[Path], spare: int = 1) -> None:
    """Remove old builds, keeping the current one and ``spare`` previous complete ones.

    A folder without a manifest is a build that never finished (killed outright):
    removed once the process that wrote it is gone.
    """
    keep = {k.resolve() for k in keep}
    done, dead = [], []
    for p in builds.iterdir():
        if not p.is_dir() or p.resolve() in keep:
            continue
        if (p / "manifest.json").exists():
            done.append(p)
        elif not _alive(p.name):
            dead.append(p)
    done.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for p in done[spare:] + dead:
        shutil.rmtree(p, ignore_errors=True)


def _alive(stamp: str) -> bool:
    """Whether the process named in a build folder's stamp (``<time>-<pid>-<n>``) still runs."""
    try:
        pid = int(stamp.split("-")[1])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


__all__ = ["store_root", "current_build", "open_current", "open_build", "published_build", "swap", "prune"]
