enum Help {
    static func text(for command: String?) -> String {
        switch command {
        case "check"?:
            return """
            usage: digestlint check [options] [PATH ...]

            Lints digest files ('-' or no PATH: standard input).

              --format FORMAT               text, json, jsonl, records, sarif, github, rdjson or html
                                            (default: text); records: one JSON object per JSONL
                                            input line (id, diagnostics, duplicate sketches)
              --output FILE                 write the report to FILE instead of standard output
              --input-format auto|digest|markdown|jsonl|atom  input format (default: auto)
              --stream / --no-stream        read JSONL in chunks (default: for files of 64 MiB and more)
              --chunk-size KIB              chunk size when streaming (default: 4096)
              --no-progress                 no progress line on a terminal
              --fix                         apply safe fixes in place (standard input: fixed text to stdout)
              --unsafe-fixes                with --fix or --diff, also apply unsafe fixes
              --diff                        print the fixes as a unified diff (git apply), change nothing
              --exit-non-zero-on-fix        exit 1 when a fix changed (or would change) a file
              --config FILE                 configuration (default: .digestlint.yml here or above)
              --no-config                   ignore any .digestlint.yml
              --baseline FILE               report only findings not recorded in FILE
              --write-baseline FILE         record every current finding in FILE (exit 0)
              --rules DIR                   add a rule pack (repeatable)
              --no-builtin-rules            do not load the built-in rules
              --select IDS, --ignore IDS    rule ids or category names, comma-separated
              --fail-on error|warning|info|never   exit 1 at or above this level (default: warning)
              --exit-zero                   always exit 0 unless an error stops the run
              --placeholder WORD            force the corrupted-term placeholder
              --jobs N                      worker threads (default: all cores)
              --no-source, --color          text report layout

            Exit status: 0 clean, 1 findings at or above --fail-on (after fixing, with --fix),
            2 usage, configuration, rule or input error.

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
