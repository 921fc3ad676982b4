{{/* Names, labels and the pieces every workload shares. */}}

{{- define "reservegrid.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The object name of a service: (dict "root" $ "name" "pool-verifier") -> <fullname>-pool-verifier */}}
{{- define "reservegrid.component" -}}
{{- printf "%s-%s" (include "reservegrid.fullname" .root) .name -}}
{{- end -}}

{{- define "reservegrid.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "reservegrid.labels" -}}
{{ include "reservegrid.selectorLabels" . }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/part-of: reservegrid
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "reservegrid.secretName" -}}
{{- default (printf "%s-secrets" (include "reservegrid.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "reservegrid.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "reservegrid.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* image: (dict "root" $ "name" "pool-verifier" "values" .Values.poolVerifier) */}}
{{- define "reservegrid.image" -}}
{{- $image := merge (deepCopy (default (dict) .values.image)) .root.Values.image -}}
{{- $tag := default .root.Chart.AppVersion $image.tag -}}
{{- $repository := printf "%s/%s" $image.repository .name -}}
{{- if $image.registry -}}
{{- printf "%s/%s:%s" $image.registry $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* A secret variable: (dict "root" $ "env" "VELDRA_API_SECRET" "key" "apiSecret" "optional" false) */}}
{{- define "reservegrid.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "reservegrid.secretName" .root }}
      key: {{ index .root.Values.secrets.keys .key }}
      optional: {{ .optional | default false }}
{{- end -}}

{{/* Variables every service gets; then the service's own env values (plain only). */}}
{{- define "reservegrid.commonEnv" -}}
- name: VELDRA_ALLOW_NON_LOOPBACK
  value: "1"
- name: VELDRA_DATA_DIR
  value: /var/lib/reservegrid
- name: VELDRA_LOG_FORMAT
  value: {{ .root.Values.logging.format | quote }}
- name: VELDRA_LOG_FILTER
  value: {{ .root.Values.logging.filter | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ default .root.Values.jvmOptions .values.jvmOptions | quote }}
{{- end -}}

{{- /* A service's extra plain variables. A name that looks like a secret is refused: secrets come only from the
Secret (secrets.keys), never from values rendered into the manifest. */}}
{{- define "reservegrid.extraEnv" -}}
{{- range $name, $value := .values.env }}
{{- if regexMatch "(SECRET|PASS|TOKEN|PASSWORD|DATABASE_URL|_KEY)$|TOKENS" $name }}
{{- fail (printf "%s.env.%s looks like a secret: put it in the Secret (docs/kubernetes.md, Secrets), not in values" $.name $name) }}
{{- end }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{- define "reservegrid.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "reservegrid.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
privileged: false
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Probes on the container port named http. */}}
{{- define "reservegrid.probes" -}}
{{- $p := .Values.probes -}}
startupProbe:
  httpGet:
    path: /health
    port: http
  periodSeconds: {{ $p.startupPeriodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.startupFailureThreshold }}
livenessProbe:
  httpGet:
    path: /health
    port: http
  periodSeconds: {{ $p.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.livenessFailureThreshold }}
readinessProbe:
  httpGet:
    path: /ready
    port: http
  periodSeconds: {{ $p.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.readinessFailureThreshold }}
{{- end -}}

{{/* Pod-level settings shared by every workload: (dict "root" $ "values" .Values.x) */}}
{{- define "reservegrid.podCommon" -}}
serviceAccountName: {{ include "reservegrid.serviceAccountName" .root }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- include "reservegrid.podSecurityContext" .root | nindent 2 }}
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The container's fixed part: (dict "root" $ "name" "pool-verifier" "values" .Values.poolVerifier) */}}
{{- define "reservegrid.containerCommon" -}}
name: {{ .name }}
image: {{ include "reservegrid.image" . }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
securityContext:
  {{- include "reservegrid.containerSecurityContext" .root | nindent 2 }}
{{- include "reservegrid.probes" .root | nindent 0 }}
resources:
  {{- toYaml .values.resources | nindent 2 }}
{{- end -}}

{{- define "reservegrid.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "reservegrid.component" . }}
  labels:
    {{- include "reservegrid.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "reservegrid.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* Host and port of a URL (default port from its scheme): (dict "url" "http://bitcoind:8332") */}}
{{- define "reservegrid.urlPort" -}}
{{- $u := urlParse .url -}}
{{- $hostPort := splitList ":" $u.host -}}
{{- if gt (len $hostPort) 1 -}}
{{- last $hostPort -}}
{{- else if has $u.scheme (list "https" "wss") -}}
443
{{- else -}}
80
{{- end -}}
{{- end -}}

{{/* The URL template-manager's source answers JSON-RPC at. */}}
{{- define "reservegrid.templateSourceUrl" -}}
{{- if eq .Values.templateManager.source "adapter" -}}
{{- printf "http://%s:8091" (include "reservegrid.component" (dict "root" . "name" "rg-feed-adapter")) -}}
{{- else -}}
{{- .Values.node.rpcUrl -}}
{{- end -}}
{{- end -}}

{{/* The feed rg-feed-adapter follows. */}}
{{- define "reservegrid.feedUrl" -}}
{{- if .Values.feedAdapter.feedUrl -}}
{{- .Values.feedAdapter.feedUrl -}}
{{- else if .Values.feedServer.enabled -}}
{{- printf "ws://%s:8092/ws" (include "reservegrid.component" (dict "root" . "name" "rg-feed-server")) -}}
{{- else if .Values.demoFeed.enabled -}}
{{- printf "ws://%s:8090/ws" (include "reservegrid.component" (dict "root" . "name" "rg-demo-feed")) -}}
{{- else -}}
{{- fail "feedAdapter.enabled needs a feed: enable feedServer or demoFeed, or set feedAdapter.feedUrl" -}}
{{- end -}}
{{- end -}}

{{/* Whether a service (by values key) runs with a node's credentials. */}}
{{- define "reservegrid.nodeCredentialsNeeded" -}}
{{- if or (and .Values.templateManager.enabled (eq .Values.templateManager.source "node")) (and .Values.feedServer.enabled (not .Values.feedServer.upstreamUrl)) -}}
true
{{- end -}}
{{- end -}}
