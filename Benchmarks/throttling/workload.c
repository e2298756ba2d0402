/*
 * workload.c: a seeded, bursty, CPU-burning request-serving load generator.
 *
 *   cc -O2 -pthread -o workload workload.c
 *   ./workload --shape web|batch|jvm --seed N --threads T --mean U --duration S [--wait] [--offered FILE]
 *
 * The whole schedule (arrival times, service CPU costs, GC pauses) is generated up front from the seed
 * by one xoshiro256** generator, so it is identical for identical arguments; only the execution timing
 * depends on the machine (and on the CPU quota it runs under). After generation the costs are scaled so
 * that the offered work is exactly U x S core-seconds: the mean demand is U cores.
 *
 * A dispatcher thread releases the requests into a FIFO queue at their arrival times; T worker threads
 * take them and busy-loop until their own thread CPU time (CLOCK_THREAD_CPUTIME_ID) has grown by the
 * request's cost, so the work is CPU time: a throttled or preempted worker just takes longer.
 *
 * Shapes:
 *   web    many short requests (lognormal cost, median 4 ms, sigma 1.1, capped at 1 s); Poisson arrivals
 *          whose rate is Markov-modulated between a calm state (mean 20 s) and a burst state (mean 3 s,
 *          3x the calm rate), times a slow level that changes every 20-90 s (lognormal, sigma 0.3).
 *   batch  long CPU-heavy tasks (Pareto cost, xm 150 ms, alpha 1.6, capped at 8 s) in phases: busy
 *          phases of 20-90 s alternate with quiet phases of 10-60 s at a tenth of the busy rate.
 *   jvm    steady requests (lognormal cost, median 3 ms, sigma 0.6; slow level sigma 0.1) plus
 *          stop-the-world "GC" pauses every 0.5-1.5x I s in which every worker thread burns 150-450 ms
 *          of CPU at once (running requests pause at the next check). I is chosen so GC is 25% of the
 *          demand.
 *
 * --wait: after setup print "ready" on stdout and start only when a line arrives on stdin (so the
 *         caller can place the process in a cgroup and read baseline counters first).
 * --offered FILE: write the offered work per second of the schedule (core-seconds by arrival second).
 *
 * Depends only on libc and pthreads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---------- random numbers ---------- */

static uint64_t rng_s[4];

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next_u64(void) {
    uint64_t result = rotl(rng_s[1] * 5, 7) * 9;
    uint64_t t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    return result;
}

/* uniform in (0, 1) */
static double uniform(void) { return ((double)(next_u64() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
static double uniform_range(double a, double b) { return a + (b - a) * uniform(); }
static double exponential(double mean) { return -mean * log(uniform()); }
static double normal(void) {
    /* Box-Muller, one value per call (deterministic order) */
    double u1 = uniform(), u2 = uniform();
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}
static double lognormal(double median, double sigma) { return median * exp(sigma * normal()); }
static double pareto(double xm, double alpha) { return xm / pow(uniform(), 1.0 / alpha); }

/* ---------- the schedule ---------- */

enum { KIND_REQUEST = 0, KIND_GC = 1 };

typedef struct {
    double at;   /* seconds from start */
    double cost; /* CPU seconds (per thread for GC) */
    int kind;
} Event;

static Event *events;
static size_t n_events, cap_events;

static void push_event(double at, double cost, int kind) {
    if (n_events == cap_events) {
        cap_events = cap_events ? cap_events * 2 : 4096;
        events = realloc(events, cap_events * sizeof(Event));
        if (!events) { perror("realloc"); exit(1); }
    }
    events[n_events++] = (Event){at, cost, kind};
}

/* A slow multiplicative level: piecewise constant, segments of uniform(lo, hi) seconds, lognormal with
 * mean 1. Values are precomputed per segment. */
typedef struct {
    double *ends, *levels;
    size_t n;
} Level;

static Level make_level(double duration, double lo, double hi, double sigma) {
    Level l = {0};
    size_t cap = 0;
    double t = 0;
    while (t < duration) {
        if (l.n == cap) {
            cap = cap ? cap * 2 : 64;
            l.ends = realloc(l.ends, cap * sizeof(double));
            l.levels = realloc(l.levels, cap * sizeof(double));
        }
        t += uniform_range(lo, hi);
        l.ends[l.n] = t;
        l.levels[l.n] = exp(sigma * normal() - sigma * sigma / 2);
        l.n++;
    }
    return l;
}

static double level_at(const Level *l, double t) {
    for (size_t i = 0; i < l->n; i++)
        if (t < l->ends[i]) return l->levels[i];
    return l->levels[l->n - 1];
}

/* Poisson arrivals on [t0, t1) at rate `rate` (per second), costs from `draw`. */
static void poisson(double t0, double t1, double rate, double (*draw)(void)) {
    if (rate <= 0) return;
    double t = t0 + exponential(1.0 / rate);
    while (t < t1) {
        push_event(t, draw(), KIND_REQUEST);
        t += exponential(1.0 / rate);
    }
}

static double web_cost(void) { return fmin(lognormal(0.004, 1.1), 1.0); }
static double batch_cost(void) { return fmin(pareto(0.150, 1.6), 8.0); }
static double jvm_cost(void) { return fmin(lognormal(0.003, 0.6), 0.5); }

static int cmp_event(const void *a, const void *b) {
    const Event *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* Builds the schedule; costs are in arbitrary units until scaled to the target mean. */
static void build_schedule(const char *shape, int threads, double mean, double duration) {
    /* Rates are nominal: the final scaling fixes the offered work, so only relative rates matter. */
    if (strcmp(shape, "web") == 0) {
        Level slow = make_level(duration, 20, 90, 0.3);
        double base = 150.0; /* calm requests per second (nominal) */
        double t = 0;
        int burst = 0;
        while (t < duration) {
            double len = burst ? exponential(3.0) : exponential(20.0);
            double end = fmin(t + len, duration);
            /* chop into 1 s pieces so the slow level applies */
            for (double a = t; a < end; a = fmin(a + 1.0, end)) {
                double b = fmin(a + 1.0, end);
                poisson(a, b, base * (burst ? 3.0 : 1.0) * level_at(&slow, a), web_cost);
            }
            t = end;
            burst = !burst;
        }
    } else if (strcmp(shape, "batch") == 0) {
        double base = 4.0; /* tasks per second in a busy phase (nominal) */
        double t = 0;
        int busy = 1;
        while (t < duration) {
            double len = busy ? uniform_range(20, 90) : uniform_range(10, 60);
            double end = fmin(t + len, duration);
            poisson(t, end, busy ? base : base * 0.1, batch_cost);
            t = end;
            busy = !busy;
        }
    } else if (strcmp(shape, "jvm") == 0) {
        Level slow = make_level(duration, 20, 90, 0.1);
        double base = 200.0;
        for (double a = 0; a < duration; a += 1.0)
            poisson(a, fmin(a + 1.0, duration), base * level_at(&slow, a), jvm_cost);
        /* GC: every worker burns a 150-450 ms pause (real CPU seconds, not rescaled) every 0.5-1.5 x I
         * seconds, with I chosen so the pauses are about 25% of the demand (at least 2 s apart). */
        double interval = threads * 0.300 / (0.25 * mean);
        if (interval < 2.0) interval = 2.0;
        double t = uniform_range(0.5, 1.5) * interval;
        while (t < duration) {
            push_event(t, uniform_range(0.150, 0.450), KIND_GC);
            t += uniform_range(0.5, 1.5) * interval;
        }
        /* The requests make up the rest of the target (at least 10% of it). */
        double gc_work = 0, req_work = 0;
        for (size_t i = 0; i < n_events; i++) {
            if (events[i].kind == KIND_GC) gc_work += events[i].cost * threads;
            else req_work += events[i].cost;
        }
        double target = mean * duration;
        double req_target = fmax(target - gc_work, 0.1 * target);
        double s_req = req_work > 0 ? req_target / req_work : 0;
        double s_gc = gc_work > target - req_target ? (target - req_target) / gc_work : 1.0;
        for (size_t i = 0; i < n_events; i++) events[i].cost *= events[i].kind == KIND_GC ? s_gc : s_req;
        qsort(events, n_events, sizeof(Event), cmp_event);
        return;
    } else {
        fprintf(stderr, "unknown shape %s (web, batch, jvm)\n", shape);
        exit(2);
    }
    double work = 0;
    for (size_t i = 0; i < n_events; i++) work += events[i].cost;
    double scale = work > 0 ? mean * duration / work : 0;
    for (size_t i = 0; i < n_events; i++) events[i].cost *= scale;
    qsort(events, n_events, sizeof(Event), cmp_event);
}

/* ---------- execution ---------- */

typedef struct {
    double cost;
} Job;

static Job *queue;
static size_t q_head, q_tail, q_cap;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int started;
static atomic_int gc_epoch;
static _Atomic double gc_cost;
static volatile double sink;
static struct timespec start_ts;

static int64_t thread_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Burns `ns` of this thread's CPU time. With `check_gc`, a GC pause that starts meanwhile is burned
 * first (the request is stopped at a safepoint) and the request then resumes. */
static void burn(int64_t ns, int check_gc, int *my_epoch);

static void gc_pause(int *my_epoch) {
    int e = atomic_load(&gc_epoch);
    if (e == *my_epoch) return;
    *my_epoch = e;
    burn((int64_t)(atomic_load(&gc_cost) * 1e9), 0, my_epoch);
}

static void burn(int64_t ns, int check_gc, int *my_epoch) {
    int64_t done = 0, last = thread_cpu_ns();
    double x = sink + 1.0;
    while (done < ns) {
        for (int i = 0; i < 4000; i++) x = x * 1.0000001 + 1e-9; /* roughly 10 us */
        int64_t now = thread_cpu_ns();
        done += now - last;
        last = now;
        if (check_gc && atomic_load(&gc_epoch) != *my_epoch) {
            gc_pause(my_epoch);
            last = thread_cpu_ns(); /* the pause is not the request's work */
        }
    }
    sink = x;
}

static void *worker(void *arg) {
    (void)arg;
    int my_epoch = 0;
    pthread_mutex_lock(&lock);
    for (;;) {
        if (atomic_load(&gc_epoch) != my_epoch) {
            pthread_mutex_unlock(&lock);
            gc_pause(&my_epoch);
            pthread_mutex_lock(&lock);
            continue;
        }
        if (started && q_head != q_tail) {
            Job j = queue[q_head++ % q_cap];
            pthread_mutex_unlock(&lock);
            burn((int64_t)(j.cost * 1e9), 1, &my_epoch);
            pthread_mutex_lock(&lock);
            continue;
        }
        pthread_cond_wait(&wake, &lock);
    }
    return NULL;
}

static void enqueue(double cost) {
    if (q_tail - q_head == q_cap) {
        size_t ncap = q_cap ? q_cap * 2 : 1024;
        Job *nq = malloc(ncap * sizeof(Job));
        for (size_t i = 0; i < q_tail - q_head; i++) nq[i] = queue[(q_head + i) % q_cap];
        q_tail -= q_head;
        q_head = 0;
        free(queue);
        queue = nq;
        q_cap = ncap;
    }
    queue[q_tail++ % q_cap] = (Job){cost};
}

static void sleep_until(double seconds) {
    struct timespec ts = start_ts;
    double whole = floor(seconds);
    ts.tv_sec += (time_t)whole;
    ts.tv_nsec += (long)((seconds - whole) * 1e9);
    while (ts.tv_nsec >= 1000000000L) {
        ts.tv_nsec -= 1000000000L;
        ts.tv_sec++;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}

static void usage(void) {
    fprintf(stderr, "usage: workload --shape web|batch|jvm --seed N --threads T --mean CORES --duration SECONDS "
                    "[--wait] [--offered FILE]\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *shape = "web", *offered = NULL;
    uint64_t seed = 1;
    int threads = 4, wait = 0;
    double mean = 0.5, duration = 60;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--shape") && i + 1 < argc) shape = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--mean") && i + 1 < argc) mean = atof(argv[++i]);
        else if (!strcmp(argv[i], "--duration") && i + 1 < argc) duration = atof(argv[++i]);
        else if (!strcmp(argv[i], "--offered") && i + 1 < argc) offered = argv[++i];
        else if (!strcmp(argv[i], "--wait")) wait = 1;
        else usage();
    }
    if (threads < 1 || threads > 256 || mean <= 0 || duration <= 0) usage();

    uint64_t x = seed * 0x2545F4914F6CDD1DULL + (uint64_t)shape[0];
    for (int i = 0; i < 4; i++) rng_s[i] = splitmix64(&x);
    build_schedule(shape, threads, mean, duration);

    double total = 0;
    for (size_t i = 0; i < n_events; i++) total += events[i].cost * (events[i].kind == KIND_GC ? threads : 1);
    fprintf(stderr, "workload: shape=%s seed=%llu threads=%d events=%zu offered=%.3f core-s (mean %.4f cores)\n",
            shape, (unsigned long long)seed, threads, n_events, total, total / duration);

    if (offered) {
        size_t n = (size_t)ceil(duration);
        double *per = calloc(n, sizeof(double));
        for (size_t i = 0; i < n_events; i++) {
            size_t s = (size_t)events[i].at;
            if (s >= n) s = n - 1;
            per[s] += events[i].cost * (events[i].kind == KIND_GC ? threads : 1);
        }
        FILE *f = fopen(offered, "w");
        if (!f) { perror(offered); return 1; }
        fprintf(f, "second,offered_core_seconds\n");
        for (size_t s = 0; s < n; s++) fprintf(f, "%zu,%.6f\n", s + 1, per[s]);
        fclose(f);
        free(per);
    }

    pthread_t *tid = calloc((size_t)threads, sizeof(pthread_t));
    for (int i = 0; i < threads; i++) pthread_create(&tid[i], NULL, worker, NULL);

    if (wait) {
        printf("ready\n");
        fflush(stdout);
        char line[64];
        if (!fgets(line, sizeof line, stdin)) return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &start_ts);
    pthread_mutex_lock(&lock);
    started = 1;
    pthread_mutex_unlock(&lock);

    /* The dispatcher: release events at their times. */
    size_t i = 0;
    while (i < n_events) {
        sleep_until(events[i].at);
        pthread_mutex_lock(&lock);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double elapsed = (now.tv_sec - start_ts.tv_sec) + (now.tv_nsec - start_ts.tv_nsec) * 1e-9;
        while (i < n_events && events[i].at <= elapsed) {
            if (events[i].kind == KIND_GC) {
                atomic_store(&gc_cost, events[i].cost);
                atomic_fetch_add(&gc_epoch, 1);
            } else {
                enqueue(events[i].cost);
            }
            i++;
        }
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&lock);
    }
    sleep_until(duration);
    pthread_mutex_lock(&lock);
    size_t backlog = q_tail - q_head;
    pthread_mutex_unlock(&lock);
    fprintf(stderr, "workload: done, %zu requests still queued\n", backlog);
    _exit(0);
}
