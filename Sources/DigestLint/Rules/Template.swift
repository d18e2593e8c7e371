/// A message or replacement template: `$0` is the whole match, `$1`..`$99` groups, `${name}`
/// a named group, `$$` a dollar sign. Parsed once when the rule loads.
public struct Template: Sendable {
    enum Part: Sendable { case text(String), group(Int), named(String) }
    let parts: [Part]

    public init(_ s: String) {
        var parts: [Part] = []
        var lit = ""
        var it = Array(s.unicodeScalars)[...]
        while let c = it.popFirst() {
            guard c == "$", let n = it.first else { lit.unicodeScalars.append(c); continue }
            if n == "$" { it.removeFirst(); lit += "$"; continue }
            if n == "{", let close = it.firstIndex(of: "}") {
                let name = String(String.UnicodeScalarView(it[it.index(after: it.startIndex)..<close]))
                if !lit.isEmpty { parts.append(.text(lit)); lit = "" }
                if let i = Int(name) { parts.append(.group(i)) } else { parts.append(.named(name)) }
                it = it[it.index(after: close)...]
                continue
            }
            if n.properties.numericType != nil, let d = Int(String(n)) {
                it.removeFirst()
                var v = d
                if let n2 = it.first, let d2 = Int(String(n2)), n2.isASCII { v = v * 10 + d2; it.removeFirst() }
                if !lit.isEmpty { parts.append(.text(lit)); lit = "" }
                parts.append(.group(v))
                continue
            }
            lit.unicodeScalars.append(c)
        }
        if !lit.isEmpty { parts.append(.text(lit)) }
        self.parts = parts
    }

    /// Highest group number referenced, and the names referenced.
    var groupsUsed: (max: Int, names: [String]) {
        var m = 0, names: [String] = []
        for p in parts {
            if case .group(let g) = p { m = max(m, g) }
            if case .named(let n) = p { names.append(n) }
        }
        return (m, names)
    }

    public func render(_ text: [UInt8], _ match: RegexMatch, regex: Regex?) -> String {
        var out = ""
        for p in parts {
            switch p {
            case .text(let s): out += s
            case .group(let g):
                if g < match.groups.count, let r = match.groups[g] { out += String(decoding: text[r.start..<r.end], as: UTF8.self) }
            case .named(let n):
                if let g = regex?.groupIndex(n), g < match.groups.count, let r = match.groups[g] {
                    out += String(decoding: text[r.start..<r.end], as: UTF8.self)
                }
            }
        }
        return out
    }
}
