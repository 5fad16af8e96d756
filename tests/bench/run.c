/*
 * Times one run of a command with a file on standard input and standard
 * output thrown away: wall time and the child's peak resident set size.
 *
 *   run INPUT -- COMMAND ARGS...   prints "ns N maxrss_kb K exit E cpu_us C"
 *
 * C is the child's user + system CPU time in microseconds: the kernel keeps
 * their sum exact (only its split between user and system comes from clock
 * ticks), where time(1) prints it in hundredths of a second.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fprintf(stderr, "usage: run INPUT -- COMMAND ARGS...\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(argv[1], O_RDONLY), out = open("/dev/null", O_WRONLY);
        if (in < 0 || out < 0) _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    long long cpu_us =
        (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
    printf("ns %lld maxrss_kb %ld exit %d cpu_us %lld\n", ns, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           cpu_us);
    return 0;
}
