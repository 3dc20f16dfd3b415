/*
 * crc32c.c - CRC-32C by slicing-by-8, its tables made at first use.
 *
 * table[0] is the classic byte-at-a-time table of the reflected
 * polynomial 0x82F63B78: entry i is the CRC register after feeding the
 * byte i into a zero register, eight shifts each xoring in the
 * polynomial when the bit shifted out is 1.  table[k][i] is
 * (table[k - 1][i] >> 8) ^ table[0][table[k - 1][i] & 0xff]: the effect
 * of the byte i followed by k zero bytes, so eight table lookups advance
 * the register by eight bytes at once (Kounavis and Berry, "A systematic
 * approach to building high performance software-based CRC generators",
 * 2005).  The 8 KiB of tables are computed once, under pthread_once, by
 * the first call from any thread; tests/unit/test_tfevents.c checks the
 * result against the bitwise definition.
 *
 * x86-64 processors with SSE4.2 (2008 on) compute the same CRC in one
 * instruction per eight bytes, several times faster: it is used when the
 * processor has it, which the first call asks with one CPUID (not with
 * __builtin_cpu_supports, whose libgcc constructor runs a dozen CPUIDs
 * at every start of lt, each a trap to the hypervisor in a VM: a twentieth
 * of an lt record).
 */
#include <pthread.h>
#include <stdint.h>

#include "crc32c.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_CRC_INSN	1
#include <cpuid.h>
#include <nmmintrin.h>
#endif

#define POLY	0x82f63b78u

static uint32_t table[8][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static int use_insn;

#ifdef HAVE_CRC_INSN
static int
has_sse42(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2) != 0;
}
#endif

static void
make_table(void)
{
	uint32_t crc;
	int i, k, bit;

	for (i = 0; i < 256; i++) {
		crc = (uint32_t)i;
		for (bit = 0; bit < 8; bit++)
			crc = crc & 1 ? (crc >> 1) ^ POLY : crc >> 1;
		table[0][i] = crc;
	}
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++)
			table[k][i] = (table[k - 1][i] >> 8) ^
			    table[0][table[k - 1][i] & 0xff];
#ifdef HAVE_CRC_INSN
	use_insn = has_sse42();
#endif
}

static uint64_t
load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

#ifdef HAVE_CRC_INSN
__attribute__((target("sse4.2"))) static uint32_t
crc_insn(uint32_t crc, const unsigned char *p, size_t len)
{
	uint64_t c = ~crc;

	for (; len >= 8; p += 8, len -= 8)
		c = _mm_crc32_u64(c, load_le64(p));
	for (; len > 0; p++, len--)
		c = _mm_crc32_u8((uint32_t)c, *p);
	return ~(uint32_t)c;
}
#endif

uint32_t
lt_crc32c(uint32_t crc, const void *buf, size_t len)
{
	pthread_once(&table_once, make_table);
#ifdef HAVE_CRC_INSN
	if (use_insn)
		return crc_insn(crc, buf, len);
#endif
	return lt_crc32c_portable(crc, buf, len);
}

uint32_t
lt_crc32c_portable(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t w;

	pthread_once(&table_once, make_table);
	crc = ~crc;
	while (len >= 8) {
		w = load_le64(p) ^ crc;
		crc = table[7][w & 0xff] ^ table[6][(w >> 8) & 0xff] ^
		    table[5][(w >> 16) & 0xff] ^ table[4][(w >> 24) & 0xff] ^
		    table[3][(w >> 32) & 0xff] ^ table[2][(w >> 40) & 0xff] ^
		    table[1][(w >> 48) & 0xff] ^ table[0][w >> 56];
		p += 8;
		len -= 8;
	}
	while (len > 0) {
		crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
		len--;
	}
	return ~crc;
}

uint32_t
lt_crc32c_mask(uint32_t crc)
{
	return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}
