// Command k8s-schemas writes the JSON schemas kubeconform reads from a local folder (one file per kind, named the
// way kubeconform's -schema-location template {{.ResourceKind}}{{.KindSuffix}}.json expects), made offline from:
//
//   - the Kubernetes OpenAPI v2 document api/openapi-spec/swagger.json that ships inside the k8s.io/kubernetes Go
//     module (the same document kubernetes-json-schema is generated from), and
//   - CustomResourceDefinition YAML files (their openAPIV3Schema), such as prometheus-operator's ServiceMonitor.
//
// The schemas are strict like kubeconform's "-strict" ones: every object that lists its properties refuses other
// properties (additionalProperties: false), so a misspelt or misplaced field fails validation. IntOrString accepts a
// string or an integer and Quantity a string or a number, as the API server does. Each file carries the definitions
// it refers to, so it stands alone.
//
// Usage: k8s-schemas -swagger swagger.json -crd servicemonitors.yaml -out DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

const refPrefix = "#/definitions/"

type crdFiles []string

func (c *crdFiles) String() string     { return strings.Join(*c, ",") }
func (c *crdFiles) Set(v string) error { *c = append(*c, v); return nil }

func main() {
	swagger := flag.String("swagger", "", "Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json)")
	out := flag.String("out", "", "folder to write the schemas into")
	var crds crdFiles
	flag.Var(&crds, "crd", "CustomResourceDefinition YAML file (repeatable)")
	flag.Parse()
	if *swagger == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: k8s-schemas -swagger swagger.json [-crd crd.yaml ...] -out DIR")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	written, err := writeKubernetesSchemas(*swagger, *out)
	if err != nil {
		fail(err)
	}
	for _, crd := range crds {
		n, err := writeCrdSchemas(crd, *out)
		if err != nil {
			fail(err)
		}
		written += n
	}
	fmt.Printf("k8s-schemas: wrote %d schemas to %s\n", written, *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "k8s-schemas:", err)
	os.Exit(1)
}

func writeKubernetesSchemas(swaggerFile, out string) (int, error) {
	raw, err := os.ReadFile(swaggerFile)
	if err != nil {
		return 0, err
	}
	var doc struct {
		Definitions map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return 0, fmt.Errorf("%s: %w", swaggerFile, err)
	}
	if len(doc.Definitions) == 0 {
		return 0, fmt.Errorf("%s has no definitions", swaggerFile)
	}
	defs := map[string]any{}
	for name, def := range doc.Definitions {
		defs[name] = strict(def)
	}
	// What the API server accepts for these two, whatever the document's "type: string" says.
	defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = map[string]any{
		"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}
	defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = map[string]any{
		"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "number"}}}

	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names)
	written := 0
	for _, name := range names {
		def, _ := defs[name].(map[string]any)
		gvks, _ := def["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gvk, _ := g.(map[string]any)
			group, _ := gvk["group"].(string)
			version, _ := gvk["version"].(string)
			kind, _ := gvk["kind"].(string)
			if kind == "" || version == "" || !hasProperty(def, "kind") {
				continue // list options, watch events and the like are not objects of a manifest
			}
			schema := map[string]any{}
			for k, v := range def {
				schema[k] = v
			}
			schema["definitions"] = closure(def, defs)
			if err := writeJSON(filepath.Join(out, fileName(kind, group, version)), schema); err != nil {
				return written, err
			}
			written++
		}
	}
	return written, nil
}

func hasProperty(def map[string]any, name string) bool {
	props, _ := def["properties"].(map[string]any)
	_, ok := props[name]
	return ok
}

// closure collects every definition the schema refers to, directly or through others.
func closure(root any, defs map[string]any) map[string]any {
	seen := map[string]any{}
	var walk func(any)
	walk = func(node any) {
		switch n := node.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok && strings.HasPrefix(ref, refPrefix) {
				name := strings.TrimPrefix(ref, refPrefix)
				if _, done := seen[name]; !done {
					def, known := defs[name]
					if !known {
						fail(fmt.Errorf("unresolved reference %s", ref))
					}
					seen[name] = def
					walk(def)
				}
			}
			for _, v := range n {
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(root)
	return seen
}

// strict returns a copy in which every object schema that lists its properties refuses any other property, unless
// it says otherwise itself (additionalProperties given, or x-kubernetes-preserve-unknown-fields in a CRD).
func strict(node any) any {
	switch n := node.(type) {
	case map[string]any:
		copied := make(map[string]any, len(n)+1)
		for k, v := range n {
			if k == "properties" {
				props := map[string]any{}
				for name, prop := range v.(map[string]any) {
					props[name] = strict(prop)
				}
				copied[k] = props
				continue
			}
			copied[k] = strict(v)
		}
		_, listsProperties := n["properties"].(map[string]any)
		_, hasAdditional := n["additionalProperties"]
		preserve, _ := n["x-kubernetes-preserve-unknown-fields"].(bool)
		if listsProperties && !hasAdditional && !preserve {
			copied["additionalProperties"] = false
		}
		return copied
	case []any:
		copied := make([]any, len(n))
		for i, v := range n {
			copied[i] = strict(v)
		}
		return copied
	default:
		return node
	}
}

func writeCrdSchemas(file, out string) (int, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	var crd struct {
		Kind string `json:"kind"`
		Spec struct {
			Group string `json:"group"`
			Names struct {
				Kind string `json:"kind"`
			} `json:"names"`
			Versions []struct {
				Name   string `json:"name"`
				Schema struct {
					OpenAPIV3Schema map[string]any `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(raw, &crd); err != nil {
		return 0, fmt.Errorf("%s: %w", file, err)
	}
	if crd.Kind != "CustomResourceDefinition" {
		return 0, fmt.Errorf("%s is a %q, not a CustomResourceDefinition", file, crd.Kind)
	}
	written := 0
	for _, v := range crd.Spec.Versions {
		if v.Schema.OpenAPIV3Schema == nil {
			continue
		}
		schema := strict(v.Schema.OpenAPIV3Schema).(map[string]any)
		if err := writeJSON(filepath.Join(out, fileName(crd.Spec.Names.Kind, crd.Spec.Group, v.Name)), schema); err != nil {
			return written, err
		}
		written++
	}
	if written == 0 {
		return 0, fmt.Errorf("%s has no version with an openAPIV3Schema", file)
	}
	return written, nil
}

// fileName follows kubeconform's {{.ResourceKind}}{{.KindSuffix}}: the kind in lower case, then the first label of
// the API group (none for the core group) and the version.
func fileName(kind, group, version string) string {
	suffix := "-" + strings.ToLower(version)
	if group != "" {
		suffix = "-" + strings.ToLower(strings.Split(group, ".")[0]) + suffix
	}
	return strings.ToLower(kind) + suffix + ".json"
}

func writeJSON(path string, value any) error {
	data, err := json.Marshal(value)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
