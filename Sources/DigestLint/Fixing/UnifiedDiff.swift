/// A unified diff of two texts, line by line (Myers' algorithm on the lines between the common
/// prefix and suffix), in the form `git apply` and `patch -p1` accept. Works on bytes: lines keep
/// their terminators (CRLF included) and a last line without one gets the usual
/// `\ No newline at end of file` marker.
public enum UnifiedDiff {
    enum Op { case same, del, ins }

    public static func make(old: [UInt8], new: [UInt8], path: String, context: Int = 3) -> [UInt8] {
        if old == new { return [] }
        let a = lines(old), b = lines(new)
        // Intern lines to integers.
        var ids: [ArraySlice<UInt8>: Int] = [:]
        func id(_ s: ArraySlice<UInt8>) -> Int {
            if let v = ids[s] { return v }
            let v = ids.count; ids[s] = v; return v
        }
        let ai = a.map(id), bi = b.map(id)
        var pre = 0
        while pre < ai.count && pre < bi.count && ai[pre] == bi[pre] { pre += 1 }
        var suf = 0
        while suf < ai.count - pre && suf < bi.count - pre && ai[ai.count - 1 - suf] == bi[bi.count - 1 - suf] { suf += 1 }
        var ops = [Op](repeating: .same, count: pre)
        ops += myers(Array(ai[pre..<(ai.count - suf)]), Array(bi[pre..<(bi.count - suf)]))
        ops += [Op](repeating: .same, count: suf)

        // Walk the script, tracking line numbers in both texts, and cut it into hunks.
        struct Line { var op: Op; var ai: Int; var bi: Int }
        var script: [Line] = []
        script.reserveCapacity(ops.count)
        var x = 0, y = 0
        for op in ops {
            script.append(Line(op: op, ai: x, bi: y))
            switch op { case .same: x += 1; y += 1; case .del: x += 1; case .ins: y += 1 }
        }
        var out: [UInt8] = []
        let p = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        out += Array("--- a/\(p)\n+++ b/\(p)\n".utf8)
        var i = 0
        while i < script.count {
            guard script[i].op != .same else { i += 1; continue }
            // A hunk: from `context` lines before this change to `context` lines after the last change
            // that lies within 2*context of the previous one.
            let start = max(0, i - context)
            var end = i
            var j = i
            while j < script.count {
                if script[j].op != .same { end = j; j += 1; continue }
                var k = j
                while k < script.count && script[k].op == .same { k += 1 }
                if k < script.count && k - j <= 2 * context { j = k; continue }
                break
            }
            let stop = min(script.count, end + 1 + context)
            var oldCount = 0, newCount = 0
            for l in script[start..<stop] {
                if l.op != .ins { oldCount += 1 }
                if l.op != .del { newCount += 1 }
            }
            let oldStart = oldCount == 0 ? script[start].ai : script[start].ai + 1
            let newStart = newCount == 0 ? script[start].bi : script[start].bi + 1
            out += Array("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n".utf8)
            for l in script[start..<stop] {
                let text: ArraySlice<UInt8>
                switch l.op {
                case .same: out.append(UInt8(ascii: " ")); text = a[l.ai]
                case .del: out.append(UInt8(ascii: "-")); text = a[l.ai]
                case .ins: out.append(UInt8(ascii: "+")); text = b[l.bi]
                }
                out += text
                if text.last != 0x0A { out += Array("\n\\ No newline at end of file\n".utf8) }
            }
            i = stop
        }
        return out
    }

    /// Lines with their terminators.
    static func lines(_ t: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var s = 0
        for i in 0..<t.count where t[i] == 0x0A { out.append(t[s...i]); s = i + 1 }
        if s < t.count { out.append(t[s...]) }
        return out
    }

    /// Shortest edit script between two sequences (Myers 1986). Falls back to "replace everything"
    /// when the texts differ in more lines than `maxD` (the diff is still correct, only coarser).
    static func myers(_ a: [Int], _ b: [Int], maxD: Int = 2000) -> [Op] {
        let n = a.count, m = b.count
        if n == 0 { return [Op](repeating: .ins, count: m) }
        if m == 0 { return [Op](repeating: .del, count: n) }
        let maxSteps = min(n + m, maxD)
        let off = maxSteps + 1
        var v = [Int](repeating: 0, count: 2 * maxSteps + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...maxSteps {
            trace.append(Array(v[(off - d - 1)...(off + d + 1)]))
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) { x = v[off + k + 1] } else { x = v[off + k - 1] + 1 }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[off + k] = x
                if x >= n && y >= m { found = true; break outer }
                k += 2
            }
        }
        guard found else { return [Op](repeating: .del, count: n) + [Op](repeating: .ins, count: m) }
        // Backtrack: trace[d] holds v before step d, as the window off-d-1 ... off+d+1.
        var ops: [Op] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let vd = trace[d]
            func get(_ k: Int) -> Int { vd[k + d + 1] }
            let k = x - y
            let prevK: Int
            if k == -d || (k != d && get(k - 1) < get(k + 1)) { prevK = k + 1 } else { prevK = k - 1 }
            let prevX = d == 0 ? 0 : get(prevK)
            let prevY = d == 0 ? 0 : prevX - prevK
            while x > prevX && y > prevY { ops.append(.same); x -= 1; y -= 1 }
            if d > 0 { ops.append(x == prevX ? .ins : .del) }
            x = prevX; y = prevY
        }
        return ops.reversed()
    }
}
