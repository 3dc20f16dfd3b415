/*
 * crc32c.h - CRC-32C (Castagnoli), the checksum of TFRecord framing.
 *
 * The reflected polynomial 0x82F63B78 with initial value and final xor
 * 0xFFFFFFFF, as in iSCSI (RFC 3720), ext4, LevelDB and TensorFlow.  No
 * Debian C library ships it, so lt carries its own: the processor's CRC32
 * instruction where it has one (x86-64 with SSE4.2), else table-driven,
 * eight bytes at a time ("slicing-by-8"), a few hundred MB/s on any CPU.
 */
#ifndef LT_CRC32C_H
#define LT_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Return the CRC-32C of the len bytes at buf ("123456789" gives
 * 0xe3069283).  To checksum data given in pieces, pass the previous
 * result as crc, starting from 0: lt_crc32c(lt_crc32c(0, a, n), b, m) is
 * the CRC of a followed by b.  buf may be NULL when len is 0.  Pure:
 * safe from any thread. */
uint32_t	lt_crc32c(uint32_t crc, const void *buf, size_t len);

/* The same by the tables alone, whatever the processor offers (for the
 * tests that check both ways agree). */
uint32_t	lt_crc32c_portable(uint32_t crc, const void *buf, size_t len);

/* Return crc masked as TFRecord and LevelDB store it, so that the CRC of
 * data holding CRCs is not degenerate: rotated right by 15 bits, plus
 * 0xa282ead8, modulo 2^32. */
uint32_t	lt_crc32c_mask(uint32_t crc);

#endif
