#!/usr/bin/env bash
# Installs what testsuite-deploy's Helm tests (org.reservegrid.deploysuite.helm) run, all from the Go module proxy:
#   - helm (helm.sh/helm/v4, HELM_VERSION below): helm lint and helm template of deploy/helm/reservegrid;
#   - kubeconform (github.com/yannh/kubeconform, KUBECONFORM_VERSION): validates the rendered manifests;
#   - the JSON schemas kubeconform reads, made offline by scripts/ci/k8s-schemas from the Kubernetes OpenAPI document
#     inside the k8s.io/kubernetes module (KUBERNETES_VERSION) and prometheus-operator's ServiceMonitor CRD inside the
#     github.com/prometheus-operator/prometheus-operator module (PROMETHEUS_OPERATOR_VERSION). kubeconform would
#     download its schemas from a web site; nothing but the package registries is reachable here.
# Everything goes to one folder the tests look in: $RESERVEGRID_HELM_TOOLS, by default ~/.cache/reservegrid/helm
# (bin/helm, bin/kubeconform, schemas/*.json and schemas/SOURCE, which names the versions they were made from).
#
# Idempotent: when the binaries of these versions and the schemas are there it only prints them (well under a
# second). Needs Go (the machines have /usr/local/go). Without it this fails in CI, where the Helm tests must run;
# elsewhere it only warns, and those tests skip with a message.
set -euo pipefail
cd "$(dirname "$0")/../.."

HELM_VERSION=v4.3.2
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.37.2
PROMETHEUS_OPERATOR_VERSION=v0.85.0

tools="${RESERVEGRID_HELM_TOOLS:-$HOME/.cache/reservegrid/helm}"
schemas="$tools/schemas"
schemas_made_from="kubernetes $KUBERNETES_VERSION, prometheus-operator $PROMETHEUS_OPERATOR_VERSION"

cannot_install() {
  if [ "${CI:-}" = "true" ]; then
    echo "install-helm: $1; the Helm chart tests cannot run" >&2
    exit 1
  fi
  echo "install-helm: $1; skipping (the Helm chart tests will be skipped)" >&2
  exit 0
}

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:$PATH"
fi
command -v go >/dev/null 2>&1 || cannot_install "go not found (install Go 1.26 or newer)"

# The module version a binary was built from (go version -m), or nothing.
built_version() {
  [ -x "$1" ] || return 0
  go version -m "$1" 2>/dev/null | awk -v path="$2" '$1 == "mod" && $2 == path { print $3 }'
}

install_binary() { # name, module path, package path, version
  local name="$1" module="$2" package="$3" version="$4"
  if [ "$(built_version "$tools/bin/$name" "$module")" = "$version" ]; then
    return 0
  fi
  echo "install-helm: building $package@$version (a few minutes the first time)"
  mkdir -p "$tools/bin"
  GOBIN="$tools/bin" GOFLAGS=-buildvcs=false go install "$package@$version"
  [ "$(built_version "$tools/bin/$name" "$module")" = "$version" ] \
    || { echo "install-helm: $tools/bin/$name is not $module@$version after go install" >&2; exit 1; }
}

module_dir() { # module@version -> its folder in the module cache (downloaded if needed)
  go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

install_binary helm helm.sh/helm/v4 helm.sh/helm/v4/cmd/helm "$HELM_VERSION"
install_binary kubeconform github.com/yannh/kubeconform github.com/yannh/kubeconform/cmd/kubeconform \
  "$KUBECONFORM_VERSION"

if [ "$(cat "$schemas/SOURCE" 2>/dev/null)" != "$schemas_made_from" ]; then
  echo "install-helm: writing the JSON schemas of Kubernetes $KUBERNETES_VERSION and the ServiceMonitor CRD of" \
    "prometheus-operator $PROMETHEUS_OPERATOR_VERSION"
  kubernetes_dir="$(module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION")"
  operator_dir="$(module_dir "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION")"
  [ -n "$kubernetes_dir" ] && [ -n "$operator_dir" ] || { echo "install-helm: go mod download failed" >&2; exit 1; }
  rm -rf "$schemas.tmp"
  (cd scripts/ci/k8s-schemas && GOFLAGS=-buildvcs=false go run . \
    -swagger "$kubernetes_dir/api/openapi-spec/swagger.json" \
    -crd "$operator_dir/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
    -out "$schemas.tmp")
  echo "$schemas_made_from" >"$schemas.tmp/SOURCE"
  rm -rf "$schemas"
  mv "$schemas.tmp" "$schemas"
fi

echo "install-helm: helm $(built_version "$tools/bin/helm" helm.sh/helm/v4)," \
  "kubeconform $(built_version "$tools/bin/kubeconform" github.com/yannh/kubeconform) in $tools/bin;" \
  "$(find "$schemas" -name '*.json' | wc -l) schemas ($schemas_made_from) in $schemas"
