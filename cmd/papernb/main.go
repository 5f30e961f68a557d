// Command papernb lists, runs, checks and publishes papernb's notebooks; the
// Makefile's targets call it.
//
// Usage:
//
//	papernb list [--json]
//	papernb run [--mode full|quick] [--jobs N] [--timeout D] [--inplace] [--seed S] [--cache-dir DIR] [--out DIR] [NAME ...]
//	papernb check [NAME ...]
//	papernb html [--out DIR] [NAME ...]
//	papernb readme [--check]
//	papernb new NAME
//	papernb help [COMMAND]
//
// A NAME is a paper's slug ("09-deeponet"), its number ("09") or its slug
// without the number ("deeponet"), as listed in notebooks/papers.tsv, or the
// path of a .ipynb file. Without names, run, check and html take every
// notebook that exists.
//
// papernb works on the repository at PAPERNB_ROOT when that is set, else on
// the one it is run in (the nearest directory at or above the working
// directory holding papernb's go.mod).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/papernb/papernb/cmd/papernb/internal/suggest"
)

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, a *app, args []string) error
}

// commands is set in init because cmdHelp refers back to it.
var commands []command

func init() {
	commands = []command{
		{"list", "[--json]", "list the papers with their notebook, verdict and full-mode compute time", cmdList},
		{"run", "[flags] [NAME ...]", "execute notebooks headless and report verdicts, figures and errors", cmdRun},
		{"check", "[NAME ...]", "check committed notebooks without running them", cmdCheck},
		{"html", "[--out DIR] [NAME ...]", "export the committed notebooks as a static site that renders offline", cmdHTML},
		{"readme", "[--check]", "regenerate the paper table in README.md (--check: fail if it is stale)", cmdReadme},
		{"new", "NAME", "create a notebook for a paper of papers.tsv from the template", cmdNew},
		{"help", "[COMMAND]", "show help", cmdHelp},
	}
}

// app is what every subcommand works with.
type app struct {
	stdout, stderr io.Writer
	dir            string // where to look for the repository
}

// repo finds and opens the repository. Subcommands call it after parsing
// their flags, so that help works anywhere.
func (a *app) repo() (*repo, error) { return findRepo(a.dir) }

// usageError is a mistake in the command line: the exit status is 2.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir := os.Getenv("PAPERNB_ROOT")
	if dir == "" {
		dir, _ = os.Getwd()
	}
	err := runMain(ctx, dir, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "papernb:", err)
		if errors.As(err, new(usageError)) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// runMain runs the command line args (without the program name) on the
// repository at or above dir.
func runMain(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return usagef("no command given")
	}
	name, args := args[0], args[1:]
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	cmd, err := lookup(name)
	if err != nil {
		return err
	}
	a := &app{stdout: stdout, stderr: stderr, dir: dir}
	if err := cmd.run(ctx, a, args); !errors.Is(err, errHelp) {
		return err
	}
	return nil
}

func lookup(name string) (command, error) {
	names := make([]string, len(commands))
	for i, c := range commands {
		if c.name == name {
			return c, nil
		}
		names[i] = c.name
	}
	msg := fmt.Sprintf("unknown command %q: use one of %s", name, strings.Join(names, ", "))
	if near := suggest.Nearest(name, names, 1); len(near) > 0 {
		msg = fmt.Sprintf("unknown command %q (did you mean %s?): use one of %s", name, near[0], strings.Join(names, ", "))
	}
	return command{}, usagef("%s", msg)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "papernb lists, runs, checks and publishes papernb's notebooks.\n\nUsage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  papernb %-6s %-22s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, `
A NAME is a slug of notebooks/papers.tsv ("09-deeponet"), its number ("09"),
its words ("deeponet"), or the path of a .ipynb file. Without names, run, check
and html take every notebook that exists. "papernb help COMMAND" shows a
command's flags.`)
}

func cmdHelp(_ context.Context, a *app, args []string) error {
	if len(args) == 0 {
		usage(a.stdout)
		return nil
	}
	cmd, err := lookup(args[0])
	if err != nil || cmd.name == "help" {
		return err
	}
	return cmd.run(context.Background(), a, []string{"-h"})
}

// newFlags returns a flag set for a subcommand. It prints nothing itself:
// parse shows the help for -h and returns every other error.
func (a *app) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses a subcommand's flags. After -h it prints the command's help
// to stdout and returns errHelp, which runMain turns into success.
func (a *app) parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		cmd, _ := lookup(fs.Name())
		fmt.Fprintf(a.stdout, "usage: papernb %s %s\n\n%s.\n", cmd.name, cmd.args, cmd.summary)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(a.stdout, "\nFlags:")
			fs.SetOutput(a.stdout)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
		return errHelp
	case err != nil:
		return usagef("%s: %v (see `papernb help %s`)", fs.Name(), err, fs.Name())
	}
	return nil
}

// errHelp stops a subcommand after it printed its help.
var errHelp = errors.New("help shown")

// count writes "1 notebook" or "2 notebooks".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
