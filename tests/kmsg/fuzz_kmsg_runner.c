// SPDX-License-Identifier: MIT
/*
 * Runs the fuzz target's entry point over files (the seed corpus) without libFuzzer, so the plain
 * build exercises it: `fuzz_kmsg_runner FILE...`. Also feeds every prefix of each file, which
 * reaches the "input ends in the middle of a dump" paths.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long size;

		if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
			perror(argv[i]);
			return 1;
		}
		buf = malloc((size_t)size + 1);
		if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
			perror(argv[i]);
			return 1;
		}
		fclose(f);
		for (long cut = 0; cut <= size; cut += 1 + cut / 8)
			LLVMFuzzerTestOneInput(buf, (size_t)cut);
		LLVMFuzzerTestOneInput(buf, (size_t)size);
		free(buf);
		printf("%s: ok\n", argv[i]);
	}
	return 0;
}
