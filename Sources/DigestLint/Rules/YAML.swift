import CYAML

/// A position in a YAML file (1-based).
public struct YAMLMark: Sendable, Equatable {
    public var line: Int
    public var column: Int
}

/// A YAML node with the place it was written. Anchors and aliases are refused (no alias bombs).
public indirect enum YAMLNode: Sendable {
    case scalar(String, plain: Bool, YAMLMark)
    case sequence([YAMLNode], YAMLMark)
    case mapping([(key: String, keyMark: YAMLMark, value: YAMLNode)], YAMLMark)

    public var mark: YAMLMark {
        switch self {
        case .scalar(_, _, let m), .sequence(_, let m), .mapping(_, let m): return m
        }
    }

    public var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

public struct YAMLError: Error, Sendable {
    public var message: String
    public var mark: YAMLMark
}

public enum YAML {
    static let maxDepth = 64
    static let maxNodes = 200_000

    /// Parses one YAML document (an empty file gives an empty mapping).
    public static func parse(_ bytes: [UInt8]) throws(YAMLError) -> YAMLNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else { throw YAMLError(message: "cannot initialise the YAML parser", mark: YAMLMark(line: 1, column: 1)) }
        defer { yaml_parser_delete(&parser) }
        let input = bytes.isEmpty ? [UInt8(ascii: "\n")] : bytes
        return try input.withUnsafeBufferPointer { (buf) throws(YAMLError) -> YAMLNode in
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            // Containers under construction: (is mapping, items, pending key, mark)
            struct Frame {
                var isMapping: Bool
                var items: [YAMLNode] = []
                var pairs: [(key: String, keyMark: YAMLMark, value: YAMLNode)] = []
                var pendingKey: (String, YAMLMark)?
                var mark: YAMLMark
            }
            var stack: [Frame] = []
            var root: YAMLNode?
            var nodes = 0
            func mark(_ m: yaml_mark_t) -> YAMLMark { YAMLMark(line: Int(m.line) + 1, column: Int(m.column) + 1) }

            func add(_ node: YAMLNode) throws(YAMLError) {
                nodes += 1
                if nodes > maxNodes { throw YAMLError(message: "document has more than \(maxNodes) nodes", mark: node.mark) }
                guard !stack.isEmpty else { root = node; return }
                if stack[stack.count - 1].isMapping {
                    if let (k, km) = stack[stack.count - 1].pendingKey {
                        stack[stack.count - 1].pairs.append((k, km, node))
                        stack[stack.count - 1].pendingKey = nil
                    } else {
                        guard case .scalar(let k, _, let m) = node else {
                            throw YAMLError(message: "mapping keys must be scalars", mark: node.mark)
                        }
                        if stack[stack.count - 1].pairs.contains(where: { $0.key == k }) {
                            throw YAMLError(message: "duplicate key '\(k)'", mark: m)
                        }
                        stack[stack.count - 1].pendingKey = (k, m)
                    }
                } else {
                    stack[stack.count - 1].items.append(node)
                }
            }

            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) != 0 else {
                    let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
                    let ctx = parser.context.map { String(cString: $0) + ": " } ?? ""
                    throw YAMLError(message: ctx + problem, mark: mark(parser.problem_mark))
                }
                defer { yaml_event_delete(&event) }
                let m = mark(event.start_mark)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root ?? .mapping([], YAMLMark(line: 1, column: 1))
                case YAML_DOCUMENT_START_EVENT:
                    if root != nil { throw YAMLError(message: "only one YAML document per rule file", mark: m) }
                case YAML_ALIAS_EVENT:
                    throw YAMLError(message: "aliases are not supported in rule files", mark: m)
                case YAML_SCALAR_EVENT:
                    let s = event.data.scalar
                    if s.anchor != nil { throw YAMLError(message: "anchors are not supported in rule files", mark: m) }
                    let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
                    try add(.scalar(value, plain: s.style == YAML_PLAIN_SCALAR_STYLE, m))
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchored = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor != nil : event.data.mapping_start.anchor != nil
                    if anchored { throw YAMLError(message: "anchors are not supported in rule files", mark: m) }
                    if stack.count >= maxDepth { throw YAMLError(message: "nesting deeper than \(maxDepth)", mark: m) }
                    stack.append(Frame(isMapping: event.type == YAML_MAPPING_START_EVENT, mark: m))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    let f = stack.removeLast()
                    try add(f.isMapping ? .mapping(f.pairs, f.mark) : .sequence(f.items, f.mark))
                default:
                    break
                }
            }
        }
    }
}
