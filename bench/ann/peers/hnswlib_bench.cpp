// hnswlib_bench: the hnswlib C++ peer of the ANN benchmark (issue 4).
//
// Built by scripts/bench-ann.sh against Debian's libhnswlib-dev headers:
//   g++ -O3 -march=native -std=c++17 -o out/ann/hnswlib_bench bench/ann/peers/hnswlib_bench.cpp
// Usage:
//   hnswlib_bench -data DIR -dataset NAME -ef 10,20,40 [-M 16] [-efc 200] [-tmp DIR]
// It reads DIR/NAME_{base,query}.fvecs, NAME_gt.ivecs, NAME_gtd.fvecs and
// NAME_metric.txt ("ip" or "l2"), builds one index single-threaded, and prints one
// JSON line per ef on stdout:
//   {"impl":"hnswlib-cpp","dataset":...,"storage":"f32","M":16,"efc":200,"ef":64,
//    "recall10":...,"qps":...,"build_cpu_s":...,"bytes_per_vec":...,"load_s":...,"threads":1}
// Measures:
//   recall10     tie-aware: a returned id counts if its exact float64 distance is within
//                the 10th true distance of NAME_gtd.fvecs (+1e-6 relative slack).
//   qps          queries / CPU seconds of this thread (CLOCK_THREAD_CPUTIME_ID), median of 3 passes
//                (after one untimed warm-up pass at the first ef).
//   build_cpu_s  CPU seconds of this thread for the constructor and every addPoint.
//   bytes_per_vec  size of the file written by saveIndex / N (vectors, links, labels).
//   load_s       wall seconds of loading that file back (from the page cache).
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Matrix {
    size_t rows = 0, dim = 0;
    std::vector<float> f;    // for .fvecs
    std::vector<int32_t> i;  // for .ivecs
};

// readVecs reads a .fvecs/.ivecs file: per row an int32 dim then dim 4-byte values.
Matrix readVecs(const std::string &path, bool ints) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    in.seekg(0, std::ios::end);
    const size_t size = in.tellg();
    in.seekg(0);
    int32_t d = 0;
    if (!in.read(reinterpret_cast<char *>(&d), 4) || d <= 0 || d > 1 << 20)
        throw std::runtime_error(path + ": bad dimension");
    const size_t row = 4 + 4 * size_t(d);
    if (size % row != 0) throw std::runtime_error(path + ": size is not a whole number of rows");
    Matrix m;
    m.dim = d;
    m.rows = size / row;
    std::vector<char> buf(size);
    in.seekg(0);
    in.read(buf.data(), size);
    if (ints) m.i.resize(m.rows * m.dim); else m.f.resize(m.rows * m.dim);
    for (size_t r = 0; r < m.rows; r++) {
        int32_t rd;
        std::memcpy(&rd, buf.data() + r * row, 4);
        if (rd != d) throw std::runtime_error(path + ": rows of different dimensions");
        void *dst = ints ? static_cast<void *>(&m.i[r * m.dim]) : static_cast<void *>(&m.f[r * m.dim]);
        std::memcpy(dst, buf.data() + r * row + 4, 4 * m.dim);
    }
    return m;
}

double threadCPU() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double wall() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// exactDistance is the true distance in float64: -dot for "ip", squared L2 for "l2".
double exactDistance(const float *a, const float *b, size_t dim, bool ip) {
    double s = 0;
    for (size_t j = 0; j < dim; j++) {
        if (ip) {
            s += double(a[j]) * double(b[j]);
        } else {
            const double d = double(a[j]) - double(b[j]);
            s += d * d;
        }
    }
    return ip ? -s : s;
}

struct Args {
    std::string data, dataset, tmp = "/tmp";
    std::vector<size_t> efs;
    size_t M = 16, efc = 200;
};

std::vector<size_t> parseList(const std::string &s) {
    std::vector<size_t> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (!item.empty()) out.push_back(std::stoul(item));
    }
    return out;
}

Args parseArgs(int argc, char **argv) {
    Args a;
    for (int k = 1; k + 1 < argc; k += 2) {
        const std::string f = argv[k], v = argv[k + 1];
        if (f == "-data") a.data = v;
        else if (f == "-dataset") a.dataset = v;
        else if (f == "-ef") a.efs = parseList(v);
        else if (f == "-M") a.M = std::stoul(v);
        else if (f == "-efc") a.efc = std::stoul(v);
        else if (f == "-tmp") a.tmp = v;
        else throw std::runtime_error("unknown flag " + f);
    }
    if (a.data.empty() || a.dataset.empty() || a.efs.empty())
        throw std::runtime_error("usage: hnswlib_bench -data DIR -dataset NAME -ef 10,20,40 [-M 16] [-efc 200] [-tmp DIR]");
    return a;
}

std::string readMetric(const std::string &path) {
    std::ifstream in(path);
    std::string m;
    if (!(in >> m) || (m != "ip" && m != "l2")) throw std::runtime_error(path + ": want ip or l2");
    return m;
}

struct Data {
    Matrix base, query, gt, gtd;
    bool ip = true;
};

Data load(const Args &a) {
    const std::string p = a.data + "/" + a.dataset;
    Data d{readVecs(p + "_base.fvecs", false), readVecs(p + "_query.fvecs", false),
           readVecs(p + "_gt.ivecs", true), readVecs(p + "_gtd.fvecs", false)};
    d.ip = readMetric(p + "_metric.txt") == "ip";
    if (d.query.dim != d.base.dim || d.gt.rows != d.query.rows || d.gtd.rows != d.query.rows || d.gt.dim < 10)
        throw std::runtime_error(p + ": base, query and ground-truth shapes disagree");
    return d;
}

// recall10 is the tie-aware recall@10 of results (10 ids per query, -1 for none).
double recall10(const Data &d, const std::vector<int64_t> &results) {
    size_t hits = 0;
    for (size_t q = 0; q < d.query.rows; q++) {
        const double thr = d.gtd.f[q * d.gtd.dim + 9];
        const double limit = thr + 1e-6 * std::fabs(thr);
        for (size_t r = 0; r < 10; r++) {
            const int64_t id = results[q * 10 + r];
            if (id < 0 || size_t(id) >= d.base.rows) continue;
            const double dist = exactDistance(&d.query.f[q * d.query.dim], &d.base.f[id * d.base.dim], d.base.dim, d.ip);
            if (dist <= limit) hits++;
        }
    }
    return double(hits) / double(10 * d.query.rows);
}

// searchPass runs every query once and returns its thread CPU seconds.
double searchPass(const hnswlib::HierarchicalNSW<float> &index, const Data &d, std::vector<int64_t> &results) {
    std::fill(results.begin(), results.end(), -1);
    const double t0 = threadCPU();
    for (size_t q = 0; q < d.query.rows; q++) {
        auto pq = index.searchKnn(&d.query.f[q * d.query.dim], 10);
        size_t r = pq.size();
        while (!pq.empty()) {  // the queue pops the farthest first
            if (--r < 10) results[q * 10 + r] = int64_t(pq.top().second);
            pq.pop();
        }
    }
    return threadCPU() - t0;
}

int run(int argc, char **argv) {
    const Args a = parseArgs(argc, argv);
    const Data d = load(a);
    const size_t n = d.base.rows, dim = d.base.dim;
    std::unique_ptr<hnswlib::SpaceInterface<float>> space;
    if (d.ip) space.reset(new hnswlib::InnerProductSpace(dim));
    else space.reset(new hnswlib::L2Space(dim));

    const double b0 = threadCPU();
    hnswlib::HierarchicalNSW<float> index(space.get(), n, a.M, a.efc, 100);
    for (size_t i = 0; i < n; i++) index.addPoint(&d.base.f[i * dim], i);
    const double build = threadCPU() - b0;

    const std::string file = a.tmp + "/hnswlib_bench_" + a.dataset + ".bin";
    index.saveIndex(file);
    std::ifstream sz(file, std::ios::binary | std::ios::ate);
    const double bytesPerVec = double(sz.tellg()) / double(n);
    const double l0 = wall();
    { hnswlib::HierarchicalNSW<float> loaded(space.get(), file); }
    const double loadS = wall() - l0;
    std::remove(file.c_str());

    std::vector<int64_t> results(d.query.rows * 10);
    index.setEf(a.efs[0]);
    searchPass(index, d, results);  // warm-up, untimed
    for (size_t ef : a.efs) {
        index.setEf(ef);
        double t[3];
        for (double &x : t) x = searchPass(index, d, results);
        std::sort(t, t + 3);
        std::printf("{\"impl\":\"hnswlib-cpp\",\"dataset\":\"%s\",\"storage\":\"f32\",\"M\":%zu,\"efc\":%zu,\"ef\":%zu,"
                    "\"recall10\":%.4f,\"qps\":%.0f,\"build_cpu_s\":%.3f,\"bytes_per_vec\":%.1f,\"load_s\":%.6f,\"threads\":1}\n",
                    a.dataset.c_str(), a.M, a.efc, ef, recall10(d, results), double(d.query.rows) / t[1], build,
                    bytesPerVec, loadS);
        std::fflush(stdout);
    }
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "hnswlib_bench: %s\n", e.what());
        return 1;
    }
}
