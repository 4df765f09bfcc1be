// SPDX-License-Identifier: MIT
/*
 * Runs a fuzz entry point over every file of the corpus directories given on the command line,
 * so the plain build (no libFuzzer) exercises the fuzz targets on their seeds.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t size = 0, capacity = 0, n;

	if (!file) {
		perror(path);
		return -1;
	}
	do {
		if (size == capacity) {
			capacity = capacity ? capacity * 2 : 4096;
			data = realloc(data, capacity);
			if (!data)
				abort();
		}
		n = fread(data + size, 1, capacity - size, file);
		size += n;
	} while (n);
	fclose(file);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int inputs = 0;

	for (int i = 1; i < argc; i++) {
		DIR *dir = opendir(argv[i]);
		struct dirent *entry;

		if (!dir) {
			perror(argv[i]);
			return 1;
		}
		/* errno set by readdir() itself tells an unreadable directory from its end */
		for (errno = 0; (entry = readdir(dir)); errno = 0) {
			char path[4096];

			if (entry->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], entry->d_name);
			if (run_file(path)) {
				closedir(dir);
				return 1;
			}
			inputs++;
		}
		if (errno) {
			fprintf(stderr, "%s: cannot list: %s\n", argv[i], strerror(errno));
			closedir(dir);
			return 1;
		}
		closedir(dir);
	}
	printf("%u corpus inputs ran cleanly\n", inputs);
	return inputs ? 0 : 1;
}
