package dev.runbook.cli;

/** An error the operator can act on: printed as one line, exit code 1. */
final class CliException extends RuntimeException {

  CliException(String message) {
    super(message);
  }
}
