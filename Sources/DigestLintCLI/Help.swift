enum Help {
    static func text(for command: String?) -> String {
        switch command {
        case "check"?:
            return """
            usage: digestlint check [options] [PATH ...]

            Lints digest files ('-' or no PATH: standard input).

              --format text|json|jsonl|records  report format (default: text); records: one JSON
                                            object per JSONL input line (id, diagnostics, sketches)
              --input-format auto|digest|markdown|jsonl|atom  input format (default: auto)
              --stream / --no-stream        read JSONL in chunks (default: for files of 64 MiB and more)
              --chunk-size KIB              chunk size when streaming (default: 4096)
              --no-progress                 no progress line on a terminal
              --rules DIR                   add a rule pack (repeatable)
              --no-builtin-rules            do not load the built-in rules
              --select IDS, --ignore IDS    rule ids or category names, comma-separated
              --fail-on error|warning|info|never   exit 1 at or above this level (default: warning)
              --exit-zero                   always exit 0 unless an error stops the run
              --placeholder WORD            force the corrupted-term placeholder
              --jobs N                      worker threads (default: all cores)
              --no-source, --color          text report layout

            Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error.

            """
        default:
            return """
            usage: digestlint <command> [options]

            Commands:
              check [PATH ...]     lint digests and report findings
              rules                list every rule: id, category, severity, fix applicability
              explain RULE         what a rule finds, why, examples, how to silence it

            Options: --help, --version. 'digestlint help check' shows the check options.

            """
        }
    }
}
