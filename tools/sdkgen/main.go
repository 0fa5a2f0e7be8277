// Command sdkgen writes Pulumi SDKs for a package schema, without the Pulumi CLI.
//
//	sdkgen --schema schema.json --out sdk [--languages python,go,nodejs]
//
// `pulumi package gen-sdk` would need language hosts that implement GeneratePackage, and none is
// served to the project's machines (see the design notes, "The provider plugin"); the code
// generators themselves are plain Go packages of github.com/pulumi/pulumi/pkg/v3, so this program
// calls them directly: schema.ImportSpec, then each language's GeneratePackage.
//
// What the schema needs beyond Pulumi's own rules (checked here, with a message, because the
// generators would otherwise write an SDK that cannot be used): "language.go.importBasePath", the
// Go import path of the generated root package (the go.mod goes one folder above it). Optional:
// "language.python.packageName" (default pulumi_<name>), "language.nodejs.packageName" (default
// @pulumi/<name>), and "respectSchemaVersion": true per language to version the SDKs with
// "version". Types from other packages are refused: no plugin is loaded or downloaded.
//
// Each <out>/<language> folder is replaced as a whole, so a resource removed from the schema leaves
// no stale file behind (committed SDKs are compared with a fresh generation in CI).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// pulumiSDKVersion is the github.com/pulumi/pulumi/sdk/v3 release this program is linked with
// (pinned in tools/sdkgen/go.mod). A Go SDK whose generator wrote no go.mod gets one requiring it:
// scripts/setup-languages.sh caches exactly that release, so programs using the SDK build offline.
func pulumiSDKVersion() (string, error) {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/pulumi/pulumi/sdk/v3" {
				return dep.Version, nil
			}
		}
	}
	return "", errors.New("this build of sdkgen does not record which github.com/pulumi/pulumi/sdk/v3 " +
		"it links (built outside its module?); rebuild it with scripts/setup-languages.sh")
}

var allLanguages = []string{"python", "go", "nodejs"}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("sdkgen", flag.ContinueOnError)
	schemaPath := flags.String("schema", "", "package schema (JSON), required")
	out := flags.String("out", "", "output folder; each language goes to <out>/<language>, required")
	languages := flags.String("languages", strings.Join(allLanguages, ","), "comma-separated: python, go, nodejs")
	tool := flags.String("tool", "sdkgen", "generator name written into each file's 'do not edit' header")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *schemaPath == "" || *out == "" {
		flags.Usage()
		return errors.New("--schema and --out are required")
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(flags.Args(), " "))
	}
	langs, err := parseLanguages(*languages)
	if err != nil {
		return err
	}

	spec, err := readSpec(*schemaPath)
	if err != nil {
		return err
	}
	if err := checkSpec(spec, langs); err != nil {
		return fmt.Errorf("%s: %w", *schemaPath, err)
	}
	pkg, err := schema.ImportSpec(*spec, map[string]schema.Language{
		"python": python.Importer,
		"go":     gogen.Importer,
		"nodejs": nodejs.Importer,
	}, refuseExternal{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("%s is not a valid package schema: %w", *schemaPath, err)
	}

	for _, lang := range langs {
		if note := versionNote(spec, lang); note != "" {
			fmt.Fprintf(os.Stderr, "sdkgen: note: %s\n", note)
		}
		files, err := generate(lang, *tool, pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang, err)
		}
		dir := filepath.Join(*out, lang)
		if err := writeFolder(dir, files); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "sdkgen: %s SDK: %d files in %s\n", lang, len(files), dir)
	}
	return nil
}

func parseLanguages(list string) ([]string, error) {
	var langs []string
	seen := map[string]bool{}
	for _, l := range strings.Split(list, ",") {
		l = strings.TrimSpace(l)
		if l == "" || seen[l] {
			continue
		}
		known := false
		for _, k := range allLanguages {
			known = known || k == l
		}
		if !known {
			return nil, fmt.Errorf("unknown language %q in --languages (this tool generates %s; the "+
				"pulumi/pkg release it is built on has no .NET or Java generator here)",
				l, strings.Join(allLanguages, ", "))
		}
		seen[l] = true
		langs = append(langs, l)
	}
	if len(langs) == 0 {
		return nil, errors.New("--languages names no language")
	}
	return langs, nil
}

func readSpec(file string) (*schema.PackageSpec, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	// A misspelled top-level or nested key would otherwise vanish silently.
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return nil, fmt.Errorf("%s: not a package schema: %w", file, err)
	}
	return &spec, nil
}

// checkSpec refuses schemas the generators would turn into an SDK that cannot be used, before any
// file is written. The generators themselves accept them silently.
func checkSpec(spec *schema.PackageSpec, langs []string) error {
	if spec.Name == "" {
		return errors.New(`"name" is required (the package name, e.g. "influxdb-tokens")`)
	}
	if spec.Version != "" {
		if _, err := semver.ParseTolerant(spec.Version); err != nil {
			return fmt.Errorf(`"version" %q is not semver: %w`, spec.Version, err)
		}
	}
	for _, lang := range langs {
		if lang != "go" {
			continue
		}
		var info struct {
			ImportBasePath string `json:"importBasePath"`
		}
		if raw, ok := spec.Language["go"]; ok {
			if err := json.Unmarshal(raw, &info); err != nil {
				return fmt.Errorf(`"language.go" is not an object: %w`, err)
			}
		}
		// Without it the generator imports github.com/pulumi/pulumi-<name>/sdk/go/<name> (or
		// example.com/...) in every file: a module that is not this package's, so nothing compiles.
		if info.ImportBasePath == "" {
			return errors.New(`"language.go.importBasePath" is required for the Go SDK: the import path ` +
				`of the generated root package, e.g. "github.com/acme/pulumi-x/sdk/go/x" (the go.mod sits ` +
				`one folder above it)`)
		}
		if path.Base(info.ImportBasePath) == "." || path.Dir(info.ImportBasePath) == "." {
			return fmt.Errorf(`"language.go.importBasePath" %q needs a module path and a package folder, `+
				`e.g. "github.com/acme/pulumi-x/sdk/go/x"`, info.ImportBasePath)
		}
	}
	return nil
}

// versionNote says what a schema version that a language's generator ignores turns into: by
// default the generators leave the version to a release pipeline (setup.py says 0.0.0, package.json
// "${VERSION}") and write no plugin version into pulumi-plugin.json.
func versionNote(spec *schema.PackageSpec, lang string) string {
	if spec.Version == "" {
		return ""
	}
	var info struct {
		RespectSchemaVersion bool `json:"respectSchemaVersion"`
	}
	if raw, ok := spec.Language[lang]; ok {
		_ = json.Unmarshal(raw, &info) // a malformed block fails in ImportSpec, with its reason
	}
	if info.RespectSchemaVersion {
		return ""
	}
	return fmt.Sprintf(`the %s SDK ignores "version" %q: set "language.%s.respectSchemaVersion": true `+
		`to version the SDK and its pulumi-plugin.json with it`, lang, spec.Version, lang)
}

func generate(lang, tool string, pkg *schema.Package) (map[string][]byte, error) {
	switch lang {
	case "python":
		return python.GeneratePackage(tool, pkg, nil, refuseExternal{})
	case "nodejs":
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, refuseExternal{})
	case "go":
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		// The generator writes a go.mod only for packages with supportPack (which also changes
		// the folder layout and needs a version); otherwise the SDK is not a module and neither
		// `go build` nor a user's replace line can use it.
		if _, ok := files["go.mod"]; !ok {
			info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
			sdkVersion, err := pulumiSDKVersion()
			if err != nil {
				return nil, err
			}
			files["go.mod"] = []byte(fmt.Sprintf("module %s\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n",
				path.Dir(info.ImportBasePath), sdkVersion))
		}
		return files, nil
	}
	return nil, fmt.Errorf("unknown language %q", lang)
}

// writeFolder replaces dir with exactly the generated files, via a sibling temporary folder so
// that a failure leaves the previous SDK in place.
func writeFolder(dir string, files map[string][]byte) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// refuseExternal is the loader for schemas that reference no other package. The generators call
// a loader for every external type reference and for the schema's dependencies; a nil loader
// panics, and Pulumi's plugin loader would try to start or download provider plugins.
type refuseExternal struct{}

var _ schema.ReferenceLoader = refuseExternal{}

func refused(name string) error {
	return fmt.Errorf("the schema references the external package %q; sdkgen only generates "+
		"self-contained packages (no plugin is loaded or downloaded)", name)
}

func (refuseExternal) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, refused(name)
}

func (refuseExternal) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refused(d.Name)
}

func (refuseExternal) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refused(name)
}

func (refuseExternal) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, refused(d.Name)
}
