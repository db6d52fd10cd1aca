{{/* Chart label: name-version, truncated to 63 characters. */}}
{{- define "karpenter-nodepools.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Standard labels of every object. */}}
{{- define "karpenter-nodepools.labels" -}}
helm.sh/chart: {{ include "karpenter-nodepools.chart" . }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* The discovery tag as a one-entry map. */}}
{{- define "karpenter-nodepools.discovery" -}}
{{ .Values.discovery.key | quote }}: {{ .Values.discovery.value | quote }}
{{- end -}}
