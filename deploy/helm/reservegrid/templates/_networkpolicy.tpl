{{/* Pieces of networkpolicy.yaml. */}}

{{- define "reservegrid.np.header" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "reservegrid.component" . }}
  labels:
    {{- include "reservegrid.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "reservegrid.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
{{- end -}}

{{- define "reservegrid.np.peer" -}}
- podSelector:
    matchLabels:
      {{- include "reservegrid.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "reservegrid.np.dns" -}}
- to:
    {{- toYaml .Values.networkPolicy.dns | nindent 4 }}
  ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
{{- end -}}

{{- /* Prometheus to the HTTP port: nothing when networkPolicy.prometheus is empty. */}}
{{- define "reservegrid.np.prometheus" -}}
{{- with .root.Values.networkPolicy.prometheus -}}
- from:
    {{- toYaml . | nindent 4 }}
  ports:
    - {protocol: TCP, port: {{ $.port }}}
{{- end }}
{{- end -}}

{{- /* Egress to peers on a port; no peers: any address, on that port only. */}}
{{- define "reservegrid.np.egressTo" -}}
- ports:
    - {protocol: TCP, port: {{ .port }}}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
