#!/usr/bin/env python3
"""Reference renderings of real chat templates, for the C# Jinja subset (harness/Tokenization/Chat).

Writes tests/fixtures/reference/chat-templates/<model>/tokenizer_config.json (the model's chat_template and its
bos/eos tokens, nothing else) and tests/fixtures/reference/chat-templates/expected.json (variables in, text out).

The renderer is jinja2 itself, set up as transformers' apply_chat_template sets it up
(transformers/utils/chat_template_utils.py, _compile_jinja_template): an ImmutableSandboxedEnvironment with
trim_blocks=True and lstrip_blocks=True, a tojson filter calling json.dumps(ensure_ascii=False), and
raise_exception. strftime_now is not defined (the C# side does not offer it either, so dated templates use their
fixed fallback date). Run with any Python 3 that has jinja2 (made with jinja2 3.1.6):

    python3 tests/reference/make_chat_templates.py

Template sources (the chat_template field of each model's tokenizer_config.json on the Hugging Face hub, as quoted
in public repositories; ids in the comments):
"""
import json
import pathlib

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "chat-templates"

TEMPLATES = {
    # teknium/OpenHermes-2.5-Mistral-7B (ChatML), as Qwen1.5/2 chat models use it
    "chatml": ("<s>", "</s>",
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"),
    # mistralai/Mistral-7B-Instruct-v0.1
    "mistral-7b-instruct-v0.1": ("<s>", "</s>",
        "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
        "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
        "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token + ' ' }}"
        "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}"),
    # meta-llama/Llama-2-13b-chat-hf
    "llama-2-chat": ("<s>", "</s>",
        "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}"
        "{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}"
        "{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
        "{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
        "{% else %}{% set content = message['content'] %}{% endif %}"
        "{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
        "{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}"),
    # meta-llama/Meta-Llama-3-8B-Instruct
    "llama-3-instruct": ("<|begin_of_text|>", "<|eot_id|>",
        "{% set loop_messages = messages %}{% for message in loop_messages %}"
        "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}"
        "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"),
    # google/gemma-7b-it
    "gemma-it": ("<bos>", "<eos>",
        "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
        "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
        "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}"
        "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
        "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"),
}

# meta-llama/Llama-3.2-3B-Instruct (the Llama 3.1 family template: tools, a dated system header, tojson(indent=4))
TEMPLATES["llama-3.2-instruct"] = ("<|begin_of_text|>", "<|eot_id|>", """{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- if strftime_now is defined %}
        {%- set date_string = strftime_now("%d %b %Y") %}
    {%- else %}
        {%- set date_string = "26 Jul 2024" %}
    {%- endif %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message #}
{{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
{%- if tools is not none %}
    {{- "Environment: ipython\\n" }}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\\n" }}
{{- "Today Date: " + date_string + "\\n\\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\\n\\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\\n\\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\\n\\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\\n\\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\\n\\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
        {{- '{"name": "' + tool_call.name + '", ' }}
        {{- '"parameters": ' }}
        {{- tool_call.arguments | tojson }}
        {{- "}" }}
        {{- "<|eot_id|>" }}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\\n\\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}
{%- endif %}
""")

# Qwen/Qwen3-4B (tools, namespace(), messages[::-1], <think> handling)
TEMPLATES["qwen3"] = (None, "<|im_end|>", """{%- if tools %}
    {{- '<|im_start|>system\\n' }}
    {%- if messages[0].role == 'system' %}
        {{- messages[0].content + '\\n\\n' }}
    {%- endif %}
    {{- "# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>" }}
    {%- for tool in tools %}
        {{- "\\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": <args-json-object>}\\n</tool_call><|im_end|>\\n" }}
{%- else %}
    {%- if messages[0].role == 'system' %}
        {{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}
    {%- endif %}
{%- endif %}
{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}
{%- for message in messages[::-1] %}
    {%- set index = (messages|length - 1) - loop.index0 %}
    {%- if ns.multi_step_tool and message.role == "user" and message.content is string and not(message.content.startswith('<tool_response>') and message.content.endswith('</tool_response>')) %}
        {%- set ns.multi_step_tool = false %}
        {%- set ns.last_query_index = index %}
    {%- endif %}
{%- endfor %}
{%- for message in messages %}
    {%- if message.content is string %}
        {%- set content = message.content %}
    {%- else %}
        {%- set content = '' %}
    {%- endif %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) %}
        {{- '<|im_start|>' + message.role + '\\n' + content + '<|im_end|>' + '\\n' }}
    {%- elif message.role == "assistant" %}
        {%- set reasoning_content = '' %}
        {%- if message.reasoning_content is string %}
            {%- set reasoning_content = message.reasoning_content %}
        {%- else %}
            {%- if '</think>' in content %}
                {%- set reasoning_content = content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') %}
                {%- set content = content.split('</think>')[-1].lstrip('\\n') %}
            {%- endif %}
        {%- endif %}
        {%- if loop.index0 > ns.last_query_index %}
            {%- if loop.last or (not loop.last and reasoning_content) %}
                {{- '<|im_start|>' + message.role + '\\n<think>\\n' + reasoning_content.strip('\\n') + '\\n</think>\\n\\n' + content.lstrip('\\n') }}
            {%- else %}
                {{- '<|im_start|>' + message.role + '\\n' + content }}
            {%- endif %}
        {%- else %}
            {{- '<|im_start|>' + message.role + '\\n' + content }}
        {%- endif %}
        {%- if message.tool_calls %}
            {%- for tool_call in message.tool_calls %}
                {%- if (loop.first and content) or (not loop.first) %}
                    {{- '\\n' }}
                {%- endif %}
                {%- if tool_call.function %}
                    {%- set tool_call = tool_call.function %}
                {%- endif %}
                {{- '<tool_call>\\n{"name": "' }}
                {{- tool_call.name }}
                {{- '", "arguments": ' }}
                {%- if tool_call.arguments is string %}
                    {{- tool_call.arguments }}
                {%- else %}
                    {{- tool_call.arguments | tojson }}
                {%- endif %}
                {{- '}\\n</tool_call>' }}
            {%- endfor %}
        {%- endif %}
        {{- '<|im_end|>\\n' }}
    {%- elif message.role == "tool" %}
        {%- if loop.first or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\\n<tool_response>\\n' }}
        {{- content }}
        {{- '\\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n<think>\\n' }}
{%- endif %}""")

# Conversations: a benchmark prompt as one user turn (what the harness renders), then chats exercising more syntax.
FEW_SHOT = "Q: What is 2+2?\nA: 4\n\nQ: Name a {primary} colour.\nA:"
USER_ONLY = [{"role": "user", "content": FEW_SHOT}]
ODD_TEXT = [{"role": "user", "content": "  café ✓ — \"quoted\" {{ not jinja }} {% raw %}\ttab\n\n"}]
ALTERNATING = [
    {"role": "user", "content": "Hello"},
    {"role": "assistant", "content": "   Hi there   "},
    {"role": "user", "content": "Who are you?"},
]
WITH_SYSTEM = [{"role": "system", "content": "You are terse. "}] + ALTERNATING
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                         "required": ["city"]}}}]
TOOL_CHAT = [
    {"role": "system", "content": "Use tools."},
    {"role": "user", "content": "Weather in Paris?"},
    {"role": "assistant", "content": "<think>\nneed the tool\n</think>\n\n", "tool_calls": [
        {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}]},
    {"role": "tool", "content": "{\"temp\": 21.5, \"sky\": \"clear\"}"},
    {"role": "tool", "content": "second result"},
]

CASES = []
for name in TEMPLATES:
    CASES.append((name, "user-turn", {"messages": USER_ONLY, "add_generation_prompt": True}))
    CASES.append((name, "odd-text", {"messages": ODD_TEXT, "add_generation_prompt": True}))
    CASES.append((name, "alternating", {"messages": ALTERNATING, "add_generation_prompt": True}))
    CASES.append((name, "no-generation-prompt", {"messages": ALTERNATING[:2], "add_generation_prompt": False}))
    if name not in ("mistral-7b-instruct-v0.1", "gemma-it"):
        CASES.append((name, "with-system", {"messages": WITH_SYSTEM, "add_generation_prompt": True}))
for name in ("llama-3.2-instruct", "qwen3"):
    CASES.append((name, "tools", {"messages": TOOL_CHAT[:2], "tools": TOOLS, "add_generation_prompt": True}))
CASES.append(("llama-3.2-instruct", "tools-in-system", {"messages": TOOL_CHAT[:2], "tools": TOOLS, "tools_in_user_message": False, "add_generation_prompt": True}))
CASES.append(("qwen3", "tool-calls", {"messages": TOOL_CHAT, "tools": TOOLS, "add_generation_prompt": True}))
CASES.append(("mistral-7b-instruct-v0.1", "raises", {"messages": WITH_SYSTEM, "add_generation_prompt": True}))


def render(template, bos, eos, variables):
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    special = {k: v for k, v in (("bos_token", bos), ("eos_token", eos)) if v is not None}
    try:
        return {"expected": env.from_string(template).render(**variables, **special)}
    except jinja2.exceptions.TemplateError as error:
        return {"error": str(error)}


def main():
    for name, (bos, eos, template) in TEMPLATES.items():
        folder = ROOT / name
        folder.mkdir(parents=True, exist_ok=True)
        config = {"bos_token": bos, "eos_token": eos, "chat_template": template}
        (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    cases = []
    for name, case, variables in CASES:
        bos, eos, template = TEMPLATES[name]
        cases.append({"template": name, "case": case, "variables": variables, **render(template, bos, eos, variables)})
    # The Qwen2 tokenizer of ../shared/fixtures (not committed here; only what it renders), when present.
    shared = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "tokenizers" / "qwen2" / "tokenizer_config.json"
    if shared.exists():
        config = json.loads(shared.read_text(encoding="utf-8"))
        for case, messages in (("user-turn", USER_ONLY), ("odd-text", ODD_TEXT), ("with-system", WITH_SYSTEM)):
            variables = {"messages": messages, "add_generation_prompt": True}
            cases.append({"template": "shared/qwen2", "case": case, "variables": variables,
                          **render(config["chat_template"], None, config.get("eos_token"), variables)})
    (ROOT / "expected.json").write_text(json.dumps({"jinja2": jinja2.__version__, "cases": cases}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases over {len(TEMPLATES)} templates written to {ROOT}")


if __name__ == "__main__":
    main()
