#ifndef OPEXSIM_CACHE_HINTS_H
#define OPEXSIM_CACHE_HINTS_H

/// Asks the processor to bring the cache line holding `address` closer, without waiting for it and
/// without any effect on what the program computes (a hint; no fault on any address).
static inline __attribute__((always_inline)) void opexsim_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
