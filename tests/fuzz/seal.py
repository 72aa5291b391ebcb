"""Reseals a wfsim results file after a test changed it on purpose, as wfsim's own writer
seals it (engine/src/output/seal.cpp): the CRC-32 and length of everything after the first
512 bytes, written into them. Tests use it to reach the checks behind the seal."""
import zlib

SEAL_BYTES = 512
MAGIC = b"wfsim results seal 1\n"


def reseal(path):
    with open(path, "r+b") as handle:
        data = handle.read()[SEAL_BYTES:]
        text = MAGIC + b"crc32 %08x length %d\n" % (zlib.crc32(data), len(data))
        handle.seek(0)
        handle.write(text.ljust(SEAL_BYTES, b"\0"))
