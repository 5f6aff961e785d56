// www.foobar.com message board: posts the form with fetch instead of a page load.
// Without this script the form still works (POST / and a redirect). The markup built here must match
// src/WebInfra.App/Rendering/BoardPage.cs. Text goes in with textContent only, never as HTML.
"use strict";

(() => {
    const form = document.getElementById("post-form");
    const list = document.getElementById("posts");
    if (!form || !list || !window.fetch) {
        return;
    }

    const empty = document.getElementById("posts-empty");
    const formError = document.getElementById("form-error");
    const button = form.querySelector("button[type=submit]");
    const fields = ["author", "body"];

    form.addEventListener("submit", async (event) => {
        event.preventDefault();
        clearErrors();
        button.disabled = true;
        try {
            const response = await fetch("/api/posts", {
                method: "POST",
                headers: { "Content-Type": "application/json", "Accept": "application/json" },
                body: JSON.stringify({ author: form.elements.author.value, body: form.elements.body.value }),
            });
            if (response.status === 201) {
                addPost(await response.json());
                form.elements.body.value = "";
                form.elements.body.focus();
            } else {
                showProblem(await readProblem(response));
            }
        } catch {
            showFormError("The board could not be reached. Check your connection and try again.");
        } finally {
            button.disabled = false;
        }
    });

    function addPost(post) {
        if (document.getElementById("post-" + post.id)) {
            return;
        }

        const item = element("li", "post");
        item.id = "post-" + post.id;
        const meta = element("p", "post-meta");
        const time = document.createElement("time");
        time.dateTime = post.createdAt;
        time.textContent = post.createdAt.slice(0, 10) + " " + post.createdAt.slice(11, 16) + " UTC";
        meta.append(element("span", "post-author", post.author), " ", time);
        item.append(meta, element("p", "post-body", post.body));
        list.prepend(item);
        if (empty) {
            empty.hidden = true;
        }
    }

    async function readProblem(response) {
        try {
            return await response.json();
        } catch {
            return { title: "The post was not accepted (HTTP " + response.status + ")." };
        }
    }

    // Field errors go next to their field; anything else (unknown properties, a too-large body) goes on top.
    function showProblem(problem) {
        const others = [];
        for (const [name, messages] of Object.entries(problem.errors || {})) {
            if (fields.includes(name)) {
                const input = form.elements[name];
                const message = document.getElementById(name + "-error");
                input.setAttribute("aria-invalid", "true");
                message.textContent = messages.join(" ");
                message.hidden = false;
            } else {
                others.push(...messages);
            }
        }

        if (others.length > 0 || !problem.errors) {
            showFormError(others.length > 0 ? others.join(" ") : (problem.detail || problem.title));
        }
    }

    function showFormError(text) {
        formError.textContent = text;
        formError.hidden = false;
    }

    function clearErrors() {
        formError.hidden = true;
        for (const name of fields) {
            form.elements[name].removeAttribute("aria-invalid");
            document.getElementById(name + "-error").hidden = true;
        }
    }

    function element(tag, className, text) {
        const node = document.createElement(tag);
        node.className = className;
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }
})();
