{{/*
Name of every object of the release: the service name. It defaults to the release name (the apps
stack names each release after its service) and is truncated to 63 characters, the limit of a DNS
label. The names must equal those of objects created before Helm, so Helm can adopt them.
*/}}
{{- define "backend-service.name" -}}
{{- default .Release.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "backend-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Selector labels. A Deployment's selector is immutable: these are exactly the labels the services
had before Helm, so adopting an existing Deployment does not need to replace it.
*/}}
{{- define "backend-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "backend-service.name" . }}
app.kubernetes.io/part-of: {{ .Values.partOf }}
{{- end -}}

{{/* Labels of every object: the selector labels plus the standard Helm ones. */}}
{{- define "backend-service.labels" -}}
{{ include "backend-service.selectorLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "backend-service.chart" . }}
{{- end -}}

{{/* The container image: repository and tag, both required. */}}
{{- define "backend-service.image" -}}
{{- printf "%s:%s" (required "image.repository is required" .Values.image.repository) (required "image.tag is required" .Values.image.tag) -}}
{{- end -}}

{{/* An HTTP probe on the health path. Argument: dict "root" $ "timing" <probe values>. */}}
{{- define "backend-service.probe" -}}
httpGet:
  path: {{ .root.Values.healthPath }}
  port: http
initialDelaySeconds: {{ .timing.initialDelaySeconds }}
periodSeconds: {{ .timing.periodSeconds }}
timeoutSeconds: {{ .timing.timeoutSeconds }}
failureThreshold: {{ .timing.failureThreshold }}
{{- end -}}

{{/* A peer that selects the pods of a service by namespace and name label. Argument: the service name. */}}
{{- define "backend-service.servicePeer" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ . }}
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ . }}
{{- end -}}

{{/*
Annotations of the workload's objects (the Ingress writes its own): `helm.sh/resource-policy: keep`
when keepOnUninstall is set, so an uninstall (including the one `atomic` runs after a failed first
install) leaves them in place. Not on the NetworkPolicies: a policy the chart stops rendering must
go, or it would keep allowing what the values no longer allow. Emits nothing otherwise.
*/}}
{{- define "backend-service.annotations" -}}
{{- if .Values.keepOnUninstall }}
annotations:
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}
