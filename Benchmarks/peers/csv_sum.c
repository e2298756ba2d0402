/*
 * A plain byte-level CSV reader, the floor for reading a canonical trace: reads the whole file into
 * memory, splits it on commas and newlines (no quoting), converts cpu_cores and memory_bytes with
 * strtod and sums them. Prints the row count and the sums.
 *
 *   cc -O2 -o csv_sum csv_sum.c && ./csv_sum trace.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc((size_t)size + 1);
    if (!bytes || fread(bytes, 1, (size_t)size, file) != (size_t)size) { perror(path); exit(1); }
    fclose(file);
    bytes[size] = '\0'; /* strtod stops here at the latest */
    *length = (size_t)size;
    return bytes;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: csv_sum FILE\n"); return 2; }
    size_t length;
    char *bytes = read_all(argv[1], &length);
    char *end = bytes + length;

    /* Header: find the two numeric columns. */
    int cpu_column = -1, memory_column = -1, column = 0;
    char *p = bytes;
    while (p < end && *p != '\n') {
        char *field = p;
        while (p < end && *p != ',' && *p != '\n' && *p != '\r') p++;
        size_t n = (size_t)(p - field);
        if (n == 9 && memcmp(field, "cpu_cores", 9) == 0) cpu_column = column;
        if (n == 12 && memcmp(field, "memory_bytes", 12) == 0) memory_column = column;
        column++;
        if (p < end && *p == '\r') p++;
        if (p < end && *p == ',') p++;
    }
    if (cpu_column < 0 || memory_column < 0) { fprintf(stderr, "csv_sum: no cpu_cores or memory_bytes column\n"); return 1; }
    if (p < end) p++;

    long rows = 0;
    double cpu = 0, memory = 0;
    while (p < end) {
        column = 0;
        while (p < end) {
            char *field = p;
            while (p < end && *p != ',' && *p != '\n') p++;
            if (p > field && (column == cpu_column || column == memory_column)) {
                double value = strtod(field, NULL);
                if (column == cpu_column) cpu += value; else memory += value;
            }
            column++;
            if (p < end && *p == '\n') { p++; break; }
            if (p < end) p++;
        }
        rows++;
    }
    printf("rows %ld cpu_cores %.6g memory_bytes %.6g\n", rows, cpu, memory);
    free(bytes);
    return 0;
}
