#!/usr/bin/env python3
# Makes archives/*.tar (deterministic); record.sh compresses plain.tar with gzip, bzip2, xz and zstd.
import io, os, tarfile, sys
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "archives")
def add(t, name, data=b'', typ=tarfile.REGTYPE, link='', uid=1234, gid=4321, mode=0o640, mtime=1000000000):
    i = tarfile.TarInfo(name); i.type = typ; i.linkname = link; i.uid = uid; i.gid = gid; i.mode = mode; i.mtime = mtime
    i.uname = 'someone'; i.gname = 'grp'
    if typ == tarfile.REGTYPE:
        i.size = len(data); t.addfile(i, io.BytesIO(data))
    else:
        t.addfile(i)
def tar(name, fmt=tarfile.PAX_FORMAT):
    return tarfile.open(os.path.join(out, name), 'w', format=fmt)
with tar('plain.tar', tarfile.GNU_FORMAT) as t:
    add(t, 'top/', typ=tarfile.DIRTYPE, mode=0o700, mtime=900000000)
    add(t, 'top/f', b'f\n')
    add(t, 'top/suid', b's\n', mode=0o4755)
    add(t, 'top/.wh.gone', b'')
    add(t, 'top/.wh..wh..opq', b'')
    add(t, 'top/sl', typ=tarfile.SYMTYPE, link='f')
    add(t, 'top/hl', typ=tarfile.LNKTYPE, link='top/f')
with tar('dotdot.tar') as t:
    add(t, '../escape', b'e\n'); add(t, 'ok', b'ok\n')
with tar('abs.tar') as t:
    add(t, '/absfile', b'a\n')
with tar('linkout.tar') as t:
    add(t, 'out', typ=tarfile.SYMTYPE, link='../../../../../../tmp'); add(t, 'out/pwned', b'p\n')
with tar('abslinkout.tar') as t:
    add(t, 'out2', typ=tarfile.SYMTYPE, link='/etc'); add(t, 'out2/pwned', b'p\n')
with tar('hardout.tar') as t:
    add(t, 'h', typ=tarfile.LNKTYPE, link='../../etc/passwd')
