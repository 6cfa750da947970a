// Oracle census of apgsearch C1 soups, classified by lifelib's own object classifier (classifier.h).
//
// Usage: lifelib_census ROOT START STOP  -> one line per soup: "<index> <settled 0|1> <gen> code=count ..."
//
// Independent of the life package's settling logic: each soup runs in lifelib (HashLife) to generations G and
// 2G; it counts as settled when lifelib's census of the ash is the same at both and every cluster is an object
// (no PATHOLOGICAL), trying G = 4096, 8192, ... up to 2^17. Spaceships are classified where they are,
// however far away they have flown.
#include "pattern2.h"
#include "classifier.h"
#include "soup/hashsoup.h"
#include <iostream>
#include <map>
#include <string>

static bool all_objects(const std::map<std::string, int64_t> &m) {
    for (auto &kv : m) {
        if (kv.first.size() < 2 || kv.first[0] != 'x') { return false; }
    }
    return true;
}

int main(int argc, char **argv) {
    if (argc != 4) { std::cerr << "usage: lifelib_census ROOT START STOP" << std::endl; return 2; }
    std::string root = argv[1];
    long start = std::stol(argv[2]);
    long stop = std::stol(argv[3]);
    apg::lifetree<uint32_t, 1> lt(1500);
    apg::base_classifier<1> cfier(&lt, "b3s23");
    const int envelope = 840;  // lcm of the common periods: the history plane covers whole periods
    for (long i = start; i < stop; i++) {
        std::vector<apg::bitworld> planes = apg::hashsoup(root + std::to_string(i), "C1");
        apg::pattern soup(&lt, planes, "b3s23");
        std::map<std::string, int64_t> prev;
        bool settled = false;
        long gen = 0;
        for (long g = 4096; g <= (1L << 17); g *= 2) {
            apg::pattern a = soup[g];
            std::map<std::string, int64_t> ca = cfier.census(a, envelope);
            if (all_objects(ca) && ca == prev) { settled = true; gen = g / 2; break; }
            prev = ca;
            gen = g;
        }
        std::cout << i << " " << (settled ? 1 : 0) << " " << gen;
        for (auto &kv : prev) { std::cout << " " << kv.first << "=" << kv.second; }
        std::cout << std::endl;
    }
    return 0;
}
